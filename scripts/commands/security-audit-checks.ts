import { StackOutputs, colors } from "../../stacks/outputs";
import { AuditCheck, AuditOutcome, notApplicable } from "../core/audit-check";
import { firstAnswer } from "../adapters/plain-http";
import { inspectTls } from "../adapters/tls-certificate";
import { ImageScanReader, ScanFindings, parseEcrImage } from "../adapters/ecr-scan";
import { DeniedRequestReader } from "../adapters/logs-insights";
import { hasCloudWatchMetrics } from "./perf-cloudwatch";
import {
  CertificateThresholds,
  judgeDenied,
  judgeFindings,
  judgeRedirect,
  judgeTls,
} from "./security-audit-rules";

/** A target deployed on AWS names a real load balancer; the local target does not. */
const deployedOnAws = hasCloudWatchMetrics;

/** TLS certificate and protocol of the app URL's host. */
export function tlsCheck(
  outputs: StackOutputs,
  thresholds: CertificateThresholds,
  extraCa: string | undefined,
  now: () => Date,
): AuditCheck {
  const url = new URL(outputs.appUrl);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = Number(url.port === "" ? 443 : url.port);
  return {
    name: "tls certificate",
    target: url.protocol === "https:" ? `${host}:${port}` : outputs.appUrl,
    async run(signal) {
      if (url.protocol !== "https:") return plainAppUrl(outputs, "no certificate to check");
      const inspection = await inspectTls(host, port, { extraCa, signal });
      return judgeTls(host, inspection, now(), thresholds);
    },
  };
}

/** Plain HTTP on the app's host answers with a permanent redirect to HTTPS. */
export function redirectCheck(outputs: StackOutputs, httpUrl: string | undefined): AuditCheck {
  const appUrl = new URL(outputs.appUrl);
  const url = httpUrl ?? `http://${appUrl.host.replace(/:\d+$/, "")}/`;
  return {
    name: "http redirect",
    target: url,
    async run(signal) {
      if (httpUrl === undefined && appUrl.protocol !== "https:") {
        return plainAppUrl(outputs, "no HTTPS to redirect to");
      }
      return judgeRedirect(await firstAnswer(url, signal));
    },
  };
}

function plainAppUrl(outputs: StackOutputs, consequence: string): AuditOutcome {
  if (deployedOnAws(outputs)) {
    const summary = `appUrl ${outputs.appUrl} is plain HTTP; production must be served over HTTPS`;
    return { status: "fail", summary, detail: {} };
  }
  return notApplicable(`appUrl ${outputs.appUrl} is plain HTTP (local target): ${consequence}`);
}

/** ECR scan findings of each colour's image; one request per distinct image. */
export function imageChecks(
  outputs: StackOutputs,
  scans: (region: string) => ImageScanReader,
): AuditCheck[] {
  const asked = new Map<string, Promise<ScanFindings>>();
  return colors.map((color) => {
    const reference = outputs.images[color];
    return {
      name: `image ${color}`,
      target: reference,
      async run(signal) {
        const image = parseEcrImage(reference);
        if (image === null) {
          return notApplicable(
            "not an ECR image (<account>.dkr.ecr.<region>.amazonaws.com/<repo>@sha256:… or " +
              ":tag): no scan-on-push findings to read",
          );
        }
        let findings = asked.get(reference);
        if (findings === undefined) {
          findings = scans(image.region).findings(image, signal);
          asked.set(reference, findings);
        }
        return judgeFindings(await findings);
      },
    };
  });
}

export interface DeniedCheckOptions {
  readonly days: number;
  readonly threshold: number;
  readonly now: () => Date;
}

/** 401 and 403 answers in the app's log group over the last days. */
export function deniedRequestsCheck(
  outputs: StackOutputs,
  reader: () => DeniedRequestReader,
  options: DeniedCheckOptions,
): AuditCheck {
  return {
    name: "denied requests",
    target: outputs.appLogGroupName,
    async run(signal) {
      if (!deployedOnAws(outputs)) {
        return notApplicable(
          "the target is not deployed on AWS (local): the app's log group is not in CloudWatch",
        );
      }
      const end = options.now();
      const start = new Date(end.getTime() - options.days * 86_400_000);
      const summary = await reader().deniedRequests(outputs.appLogGroupName, start, end, signal);
      return judgeDenied(summary, options.threshold, options.days);
    },
  };
}
