import { DescribeImageScanFindingsCommand, ECRClient, ImageIdentifier } from "@aws-sdk/client-ecr";
import { messageOf } from "../core/errors";

/** An image reference that points into a private ECR registry. */
export interface EcrImage {
  readonly reference: string;
  /** The registry's AWS account id. */
  readonly registryId: string;
  readonly region: string;
  readonly repositoryName: string;
  /** `sha256:<hex>` when the reference pins a digest (it then wins over a tag). */
  readonly digest?: string;
  readonly tag?: string;
}

const ecrReference = new RegExp(
  String.raw`^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/` +
    String.raw`([a-z0-9][a-z0-9._/-]*?)(?::([\w][\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$`,
);

/**
 * The ECR parts of `<account>.dkr.ecr.<region>.amazonaws.com/<repo>@sha256:…` or `:tag`, else
 * null.
 */
export function parseEcrImage(reference: string): EcrImage | null {
  const match = ecrReference.exec(reference);
  if (match === null) return null;
  const [, registryId, region, repositoryName, tag, digest] = match;
  if (tag === undefined && digest === undefined) return null;
  const pinned = digest === undefined ? { tag } : { digest };
  return { reference, registryId, region, repositoryName, ...pinned };
}

/** The result of an image's latest scan. */
export interface ScanFindings {
  /** ECR's scan status: COMPLETE, IN_PROGRESS, FAILED, ACTIVE, PENDING, ... */
  readonly scanStatus: string;
  /** ECR's explanation of the status, if any. */
  readonly statusDescription: string | null;
  /** Number of findings per severity (CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL, UNDEFINED). */
  readonly severityCounts: Readonly<Record<string, number>>;
  readonly completedAt: Date | null;
}

/** Reads scan findings of an image. The real one is ECR; tests mock the SDK. */
export interface ImageScanReader {
  findings(image: EcrImage, signal?: AbortSignal): Promise<ScanFindings>;
}

export class EcrScanReader implements ImageScanReader {
  constructor(private readonly client: ECRClient) {}

  static forRegion(region: string): EcrScanReader {
    return new EcrScanReader(new ECRClient({ region }));
  }

  async findings(image: EcrImage, signal?: AbortSignal): Promise<ScanFindings> {
    const imageId: ImageIdentifier =
      image.digest === undefined ? { imageTag: image.tag } : { imageDigest: image.digest };
    try {
      const response = await this.client.send(
        new DescribeImageScanFindingsCommand({
          registryId: image.registryId,
          repositoryName: image.repositoryName,
          imageId,
          maxResults: 1,
        }),
        { abortSignal: signal },
      );
      return {
        scanStatus: response.imageScanStatus?.status ?? "UNKNOWN",
        statusDescription: response.imageScanStatus?.description ?? null,
        severityCounts: response.imageScanFindings?.findingSeverityCounts ?? {},
        completedAt: response.imageScanFindings?.imageScanCompletedAt ?? null,
      };
    } catch (error) {
      throw new Error(explainEcrError(error, image), { cause: error });
    }
  }
}

/** One line saying what ECR refused or why it could not be asked, and what would fix it. */
export function explainEcrError(error: unknown, image: EcrImage): string {
  const name = error instanceof Error ? error.name : "Error";
  const where = `repository ${image.repositoryName} in ${image.registryId}/${image.region}`;
  const which = image.digest ?? `tag ${image.tag}`;
  switch (name) {
    case "ImageNotFoundException":
      return `image ${which} not found in ${where}; check images in the outputs`;
    case "RepositoryNotFoundException":
      return `${where} not found; check images in the outputs`;
    case "ScanNotFoundException":
      return `image ${which} in ${where} has no scan; turn on scan-on-push or start a scan`;
    case "AccessDeniedException":
    case "AccessDenied":
    case "UnrecognizedClientException":
      return (
        `ecr:DescribeImageScanFindings denied on ${where} (${name}); ` +
        "grant it to the role that runs the audit"
      );
    default:
      return (
        `ECR endpoint api.ecr.${image.region}.amazonaws.com: ${name}: ${messageOf(error)}; ` +
        "check AWS credentials and network access to ECR"
      );
  }
}
