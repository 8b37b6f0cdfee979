import * as aws from "@pulumi/aws";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";

export interface ImageRepositoryArgs {
  /** Images the repository keeps; older ones expire. Default 10. */
  readonly keepImages?: number;
  /** Build an image into the repository; omit to only create the repository. Default none. */
  readonly build?: {
    /** Build context directory. */
    readonly context: string;
    /** Dockerfile path, relative to the context. Default Dockerfile. */
    readonly dockerfile?: string;
    /** Tag to push (tags are immutable: a new build needs a new tag). */
    readonly tag: string;
    /** Target platform. Default linux/arm64. */
    readonly platform?: string;
  };
}

/**
 * An ECR repository (scan on push, immutable tags, KMS-free AES256 encryption, a lifecycle
 * policy that keeps the last N images) and, optionally, an image built with @pulumi/docker and
 * pushed to it with a short-lived ECR token. `imageRef` is the pushed digest reference.
 */
export class ImageRepository extends pulumi.ComponentResource {
  readonly repository: aws.ecr.Repository;
  readonly repositoryUrl: pulumi.Output<string>;
  /** `<repository>@sha256:...` of the built image; undefined without a build. */
  readonly imageRef?: pulumi.Output<string>;

  constructor(name: string, args: ImageRepositoryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-skills:app:ImageRepository", name, {}, opts);
    const keepImages = args.keepImages ?? 10;
    if (!Number.isInteger(keepImages) || keepImages < 1) {
      throw new Error(`ImageRepository ${name}: \`keepImages\` is ${keepImages}; use 1 or more`);
    }
    const parent = { parent: this };

    this.repository = new aws.ecr.Repository(
      name,
      {
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "AES256" }],
        forceDelete: false,
      },
      parent,
    );
    new aws.ecr.LifecyclePolicy(
      `${name}-lifecycle`,
      { repository: this.repository.name, policy: keepLastPolicy(keepImages) },
      parent,
    );
    this.repositoryUrl = this.repository.repositoryUrl;

    if (args.build) {
      const token = aws.ecr.getAuthorizationTokenOutput(
        { registryId: this.repository.registryId },
        parent,
      );
      const image = new docker.Image(
        `${name}-image`,
        {
          imageName: pulumi.interpolate`${this.repository.repositoryUrl}:${args.build.tag}`,
          build: {
            context: args.build.context,
            dockerfile: `${args.build.context}/${args.build.dockerfile ?? "Dockerfile"}`,
            platform: args.build.platform ?? "linux/arm64",
          },
          registry: {
            server: this.repository.repositoryUrl,
            username: token.userName,
            password: pulumi.secret(token.password),
          },
        },
        parent,
      );
      this.imageRef = image.repoDigest;
    }
    this.registerOutputs({ repositoryUrl: this.repositoryUrl, imageRef: this.imageRef });
  }
}

/** ECR lifecycle policy text: expire every image beyond the newest `count`. */
export function keepLastPolicy(count: number): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `Keep the last ${count} images`,
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: count },
        action: { type: "expire" },
      },
    ],
  });
}
