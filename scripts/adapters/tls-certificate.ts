import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import {
  PeerCertificate,
  TLSSocket,
  checkServerIdentity,
  connect,
  rootCertificates,
} from "node:tls";

/** Environment variable naming a PEM file of extra CAs to trust (a private CA, or tests). */
export const caFileEnvVar = "RUNBOOK_CA_FILE";

/** What one TLS handshake showed about a server. */
export interface TlsInspection {
  /** Negotiated protocol, e.g. `TLSv1.3`. */
  readonly protocol: string | null;
  /** Why the chain did not verify against the trusted CAs (OpenSSL's code), or null. */
  readonly chainError: string | null;
  /** Why the certificate does not match the host name, or null. */
  readonly hostnameError: string | null;
  readonly subject: string | null;
  readonly issuer: string | null;
  readonly subjectAltName: string | null;
  readonly validFrom: Date;
  readonly validTo: Date;
}

export interface TlsInspectOptions {
  /** Extra trusted CAs (PEM), added to Node's bundled roots rather than replacing them. */
  readonly extraCa?: string;
  /** Aborting destroys the socket. */
  readonly signal?: AbortSignal;
}

/** Extra CAs from RUNBOOK_CA_FILE, if set; a missing file is an error naming the variable. */
export function extraCaFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const file = env[caFileEnvVar];
  if (file === undefined || file === "") return undefined;
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`${caFileEnvVar}=${file} cannot be read (${(error as Error).message})`, {
      cause: error,
    });
  }
}

/**
 * Opens a TLS connection, reads the certificate and the protocol, and closes it; nothing is sent.
 *
 * The handshake is allowed to finish when verification fails (`rejectUnauthorized: false`) only
 * so that the certificate's dates and the protocol can still be reported: OpenSSL verifies the
 * chain all the same and `checkServerIdentity` checks the name, and both results are returned
 * for the caller to fail the check on. Protocols below TLSv1.2 are offered for the same reason:
 * to report them, not to use them.
 */
export function inspectTls(
  host: string,
  port: number,
  options: TlsInspectOptions = {},
): Promise<TlsInspection> {
  const endpoint = `${host}:${port}`;
  return new Promise<TlsInspection>((resolve, reject) => {
    const ca = options.extraCa === undefined ? undefined : [...rootCertificates, options.extraCa];
    const socket: TLSSocket = connect({
      host,
      port,
      servername: isIP(host) === 0 ? host : undefined,
      ca,
      rejectUnauthorized: false,
      minVersion: "TLSv1",
    });
    const onAbort = () => {
      socket.destroy();
      reject(new Error(`TLS handshake with ${endpoint} did not finish`));
    };
    options.signal?.addEventListener("abort", onAbort, { once: true });

    socket.once("secureConnect", () => {
      options.signal?.removeEventListener("abort", onAbort);
      const certificate = socket.getPeerCertificate();
      const chainError = socket.authorizationError ?? null;
      const protocol = socket.getProtocol();
      socket.destroy();
      if (certificate === undefined || Object.keys(certificate).length === 0) {
        reject(new Error(`TLS server ${endpoint} presented no certificate`));
        return;
      }
      resolve(describe(host, certificate, protocol, chainError));
    });
    socket.once("error", (error) => {
      options.signal?.removeEventListener("abort", onAbort);
      socket.destroy();
      reject(new Error(`TLS handshake with ${endpoint} failed: ${error.message}`));
    });
  });
}

function describe(
  host: string,
  certificate: PeerCertificate,
  protocol: string | null,
  chainError: Error | string | null,
): TlsInspection {
  const identityError = checkServerIdentity(host, certificate);
  // Node reports a name mismatch as the authorization error too when the chain is fine.
  const chain = chainError === null ? null : String(chainError);
  return {
    protocol,
    chainError: chain === "ERR_TLS_CERT_ALTNAME_INVALID" ? null : chain,
    hostnameError: identityError === undefined ? null : identityError.message,
    subject: commonName(certificate.subject?.CN),
    issuer: commonName(certificate.issuer?.CN),
    subjectAltName: certificate.subjectaltname ?? null,
    validFrom: new Date(certificate.valid_from),
    validTo: new Date(certificate.valid_to),
  };
}

function commonName(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(", ") : value;
}
