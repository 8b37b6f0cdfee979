import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestCertificate {
  readonly key: string;
  readonly cert: string;
}

export interface TestCertificates {
  /** PEM file of the test CA, for RUNBOOK_CA_FILE. */
  readonly caFile: string;
  /** Signed by the CA for 127.0.0.1, valid 365 days. */
  readonly valid: TestCertificate;
  /** Signed by the CA for 127.0.0.1, expiring in 3 days. */
  readonly expiring: TestCertificate;
  /** Signed by the CA, valid, but for another host name. */
  readonly wrongHost: TestCertificate;
  /** For 127.0.0.1, signed by itself: no CA vouches for it. */
  readonly selfSigned: TestCertificate;
}

const curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

/** Makes a CA and four server certificates with `openssl req -x509` in a fresh folder. */
export function makeTestCertificates(): TestCertificates {
  const folder = mkdtempSync(join(tmpdir(), "runbook-certs-"));
  const path = (name: string) => join(folder, name);
  const openssl = (name: string, days: number, subject: string, extra: string[]) => {
    const args = ["req", "-x509", ...curve, "-keyout", path(`${name}.key`)];
    args.push("-out", path(`${name}.pem`), "-days", String(days), "-subj", subject, ...extra);
    execFileSync("openssl", args, { stdio: "pipe" });
    return {
      key: readFileSync(path(`${name}.key`), "utf8"),
      cert: readFileSync(path(`${name}.pem`), "utf8"),
    };
  };
  openssl("ca", 400, "/CN=runbook test CA", []);
  const signed = ["-CA", path("ca.pem"), "-CAkey", path("ca.key")];
  const loopback = ["-addext", "subjectAltName=IP:127.0.0.1"];
  return {
    caFile: path("ca.pem"),
    valid: openssl("valid", 365, "/CN=127.0.0.1", [...loopback, ...signed]),
    expiring: openssl("expiring", 3, "/CN=127.0.0.1", [...loopback, ...signed]),
    wrongHost: openssl("wrong", 365, "/CN=app.example.org", [
      "-addext",
      "subjectAltName=DNS:app.example.org",
      ...signed,
    ]),
    selfSigned: openssl("self", 365, "/CN=127.0.0.1", loopback),
  };
}
