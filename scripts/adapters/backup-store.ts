import { createReadStream, createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import {
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { RunbookError, UnreachableError, messageOf } from "../core/errors";
import { ExitCode } from "../core/exit-codes";

/** Environment variable that points the S3 client at an S3-compatible server (s3rver). */
export const s3EndpointEnvVar = "RUNBOOK_S3_ENDPOINT";

/** One object of a listing. */
export interface StoredObject {
  readonly key: string;
  readonly size: number;
}

/** The backup bucket, as the backup commands use it. Real: S3; tests may wrap it. */
export interface BackupStore {
  readonly bucket: string;
  /** Throws unless the bucket exists and may be listed (HeadBucket: s3:ListBucket). */
  checkAccess(): Promise<void>;
  /** Streams a file to `key`; on failure the multipart upload is aborted, no parts are left. */
  /** Streams a file up; `onProgress` hears bytes sent so far and the total, when S3 reports. */
  uploadFile(
    key: string,
    path: string,
    contentType: string,
    onProgress?: (sentBytes: number, totalBytes: number) => void,
  ): Promise<void>;
  putText(key: string, text: string, contentType: string): Promise<void>;
  list(prefix: string): Promise<StoredObject[]>;
  getText(key: string): Promise<string>;
  downloadFile(key: string, path: string): Promise<void>;
}

export interface S3StoreOptions {
  readonly bucket: string;
  readonly region: string;
  /** An S3-compatible endpoint (RUNBOOK_S3_ENDPOINT); path-style addressing when set. */
  readonly endpoint?: string;
  readonly env: NodeJS.ProcessEnv;
}

/** The S3 client of the backup commands: the region's S3, or the endpoint override. */
export function backupS3Client(options: S3StoreOptions): S3Client {
  if (options.endpoint === undefined) return new S3Client({ region: options.region });
  // s3rver checks no signatures; without AWS credentials in the environment, sign with its
  // default pair so that a local run needs no AWS setup.
  const hasKeys = (options.env.AWS_ACCESS_KEY_ID ?? "") !== "";
  const credentials = hasKeys ? undefined : { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
  return new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: true,
    ...(credentials === undefined ? {} : { credentials }),
  });
}

export class S3BackupStore implements BackupStore {
  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
    private readonly where: string,
  ) {}

  static create(options: S3StoreOptions): S3BackupStore {
    const where = options.endpoint ?? `region ${options.region}`;
    return new S3BackupStore(backupS3Client(options), options.bucket, where);
  }

  async checkAccess(): Promise<void> {
    await this.call("HeadBucket", "s3:ListBucket", () =>
      this.client.send(new HeadBucketCommand({ Bucket: this.bucket })),
    );
  }

  async uploadFile(
    key: string,
    path: string,
    contentType: string,
    onProgress?: (sentBytes: number, totalBytes: number) => void,
  ): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.bucket,
        Key: key,
        Body: createReadStream(path),
        ContentType: contentType,
      },
      leavePartsOnError: false,
    });
    if (onProgress) {
      upload.on("httpUploadProgress", ({ loaded, total }) => {
        if (loaded !== undefined && total !== undefined) onProgress(loaded, total);
      });
    }
    await this.call(`upload of ${key}`, "s3:PutObject", () => upload.done());
  }

  async putText(key: string, text: string, contentType: string): Promise<void> {
    const put = new PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      Body: text,
      ContentType: contentType,
    });
    await this.call(`PutObject ${key}`, "s3:PutObject", () => this.client.send(put));
  }

  async list(prefix: string): Promise<StoredObject[]> {
    const objects: StoredObject[] = [];
    let token: string | undefined;
    do {
      const page = await this.call(`listing of ${prefix}`, "s3:ListBucket", () =>
        this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: prefix,
            ContinuationToken: token,
          }),
        ),
      );
      for (const item of page.Contents ?? []) {
        if (item.Key !== undefined) objects.push({ key: item.Key, size: item.Size ?? 0 });
      }
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return objects;
  }

  async getText(key: string): Promise<string> {
    const response = await this.call(`GetObject ${key}`, "s3:GetObject", () =>
      this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })),
    );
    return (await response.Body?.transformToString("utf8")) ?? "";
  }

  async downloadFile(key: string, path: string): Promise<void> {
    await this.call(`download of ${key}`, "s3:GetObject", async () => {
      const response = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key }),
      );
      if (!(response.Body instanceof Readable)) throw new Error("the response has no body stream");
      await pipeline(response.Body, createWriteStream(path));
    });
  }

  /** Runs one S3 call; a failure becomes a one-line error naming the bucket and the fix. */
  private async call<T>(what: string, permission: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw describeS3Error(error, `${what} in s3://${this.bucket} (${this.where})`, permission);
    }
  }
}

/** An S3 failure as a RunbookError: unreachable (exit 3) or a failed step (exit 1). */
export function describeS3Error(error: unknown, where: string, permission: string): RunbookError {
  const name = error instanceof Error ? error.name : "";
  const code = (error as { code?: string }).code ?? "";
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET/.test(`${code} ${messageOf(error)}`)) {
    return new UnreachableError(`${where}: S3 not reachable (${code || messageOf(error)})`);
  }
  if (name === "NoSuchBucket" || (name === "NotFound" && status === 404)) {
    return new RunbookError(`${where}: no such bucket; check backup.bucket`, ExitCode.badInput);
  }
  if (name === "NoSuchKey") {
    return new RunbookError(`${where}: no such object`, ExitCode.checkFailed);
  }
  if (status === 403 || name === "AccessDenied" || name === "Forbidden") {
    return new RunbookError(
      `${where}: access denied; the role needs ${permission}`,
      ExitCode.checkFailed,
    );
  }
  return new RunbookError(
    `${where}: ${name || "error"}: ${messageOf(error)}`,
    ExitCode.checkFailed,
  );
}
