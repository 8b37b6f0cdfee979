import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * An image tag derived from what goes into the image: the Dockerfile and every file its COPY
 * lines bring in from the build context. ECR tags are immutable, so a fixed tag would make the
 * second deployment after any code change fail to push; this one changes exactly when the
 * image's inputs do, and stays put otherwise (no needless rebuild and push).
 */
export function contentTag(prefix: string, contextDir: string, dockerfile: string): string {
  const hash = createHash("sha256");
  const dockerfileText = fs.readFileSync(path.join(contextDir, dockerfile), "utf8");
  hash.update(`${dockerfile}\0${dockerfileText}\0`);
  for (const file of copiedFiles(contextDir, dockerfileText)) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(contextDir, file)));
    hash.update("\0");
  }
  return `${prefix}-${hash.digest("hex").slice(0, 16)}`;
}

/** Files (relative to the context, sorted) that the Dockerfile's COPY instructions read. */
export function copiedFiles(contextDir: string, dockerfileText: string): string[] {
  const sources: string[] = [];
  for (const line of dockerfileText.split("\n")) {
    const match = /^\s*COPY\s+(?!--from)(.+)$/i.exec(line);
    if (!match) continue;
    const words = match[1].split(/\s+/).filter((w) => w.length > 0 && !w.startsWith("--"));
    sources.push(...words.slice(0, -1)); // the last word is the destination
  }
  const files = new Set<string>();
  const walk = (relative: string) => {
    const absolute = path.join(contextDir, relative);
    if (!fs.existsSync(absolute)) {
      throw new Error(`the Dockerfile copies ${relative}, which is not in ${contextDir}`);
    }
    if (fs.statSync(absolute).isDirectory()) {
      for (const entry of fs.readdirSync(absolute)) walk(path.join(relative, entry));
    } else {
      files.add(relative.split(path.sep).join("/"));
    }
  };
  for (const source of sources) walk(path.normalize(source));
  return [...files].sort();
}
