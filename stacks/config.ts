import * as pulumi from "@pulumi/pulumi";
import { loadSettings, type RawConfig, type Settings } from "./settings";

/**
 * Reads the running stack's configuration (as `pulumi up` or the offline plan set it) and
 * validates it. The only place that reads raw Pulumi config.
 */
export function readStackSettings(): Settings {
  const raw: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(pulumi.runtime.allConfig())) {
    raw[key] = parseConfigValue(text);
  }
  return loadSettings(pulumi.getStack(), raw as RawConfig);
}

/** Pulumi hands structured values (objects, lists) over as JSON text; the rest stay strings. */
function parseConfigValue(text: string): unknown {
  const trimmed = text.trim();
  if (!/^[[{]/.test(trimmed)) return text;
  try {
    return JSON.parse(trimmed);
  } catch {
    return text;
  }
}
