import type * as pulumi from "@pulumi/pulumi";

/** Account and region the offline plan pretends to deploy into. */
export const mockAccountId = "123456789012";

/**
 * What the mock runtime answers for a resource: its inputs, plus the computed properties the
 * program or its outputs read (ARNs, endpoints, a generated secret's result). A value the program
 * awaits and nobody supplies would hang the run, so each type the program uses is listed here.
 */
export function mockResourceState(
  args: pulumi.runtime.MockResourceArgs,
  region: string,
): { id: string; state: Record<string, unknown> } {
  const { type, name, inputs } = args;
  const id = `${name}-id`;
  const [pkg, module] = type.split(":");
  const service = (module ?? "").split("/")[0];
  const arn = `arn:aws:${service}:${region}:${mockAccountId}:${name}`;
  const physical = typeof inputs.name === "string" ? inputs.name : `${name}-0123abc`;
  const base: Record<string, unknown> = { ...inputs, id, arn, name: physical };
  if (pkg === "random") {
    // Not a secret: a fixed stand-in, drawn from the alphabet every consumer accepts.
    return { id, state: { ...base, result: "MockSecretValue0123456789abcdefXYZ" } };
  }
  switch (type) {
    case "aws:s3/bucket:Bucket":
      return {
        id: physical,
        state: { ...base, bucket: physical, arn: `arn:aws:s3:::${physical}` },
      };
    case "aws:rds/instance:Instance":
      return {
        id,
        state: {
          ...base,
          address: `${inputs.identifier}.abcdefghijkl.${region}.rds.amazonaws.com`,
          endpoint: `${inputs.identifier}.abcdefghijkl.${region}.rds.amazonaws.com:5432`,
          port: inputs.port ?? 5432,
        },
      };
    case "aws:elasticache/replicationGroup:ReplicationGroup":
      return {
        id,
        state: {
          ...base,
          primaryEndpointAddress:
            `master.${inputs.replicationGroupId}` + ".abcdef.euw1.cache.amazonaws.com",
          port: inputs.port ?? 6379,
        },
      };
    case "aws:ec2/eip:Eip":
      // Documentation range (RFC 5737): an address no one owns.
      return {
        id,
        state: { ...base, publicIp: `198.51.100.${10 + Number(name.slice(-1)) || 10}` },
      };
    case "aws:kms/key:Key":
      return { id, state: { ...base, keyId: `${name}-key-id` } };
    case "aws:lb/loadBalancer:LoadBalancer":
      return {
        id,
        state: {
          ...base,
          dnsName: `${physical}.${region}.elb.amazonaws.com`,
          arnSuffix: `app/${physical}/0123`,
        },
      };
    case "aws:ecr/repository:Repository":
      return {
        id,
        state: {
          ...base,
          registryId: mockAccountId,
          repositoryUrl: `${mockAccountId}.dkr.ecr.${region}.amazonaws.com/${physical}`,
        },
      };
    case "docker:index/image:Image": {
      const imageName = String(inputs.imageName);
      const repository = imageName.replace(/:[^:/]+$/, "");
      return {
        id,
        state: { ...inputs, imageName, repoDigest: `${repository}@sha256:${"0".repeat(64)}` },
      };
    }
    case "aws:ecs/taskDefinition:TaskDefinition":
      return {
        id,
        state: {
          ...base,
          arn: `arn:aws:ecs:${region}:${mockAccountId}:task-definition/${inputs.family}:1`,
          revision: 1,
        },
      };
    case "aws:lb/targetGroup:TargetGroup":
      return { id, state: { ...base, arnSuffix: `targetgroup/${physical}/0123` } };
    default:
      return { id, state: base };
  }
}

/** Answers to provider functions (data sources) the program calls. */
export function mockCall(
  args: pulumi.runtime.MockCallArgs,
  region: string,
): Record<string, unknown> {
  switch (args.token) {
    case "aws:index/getAvailabilityZones:getAvailabilityZones":
      return { names: ["a", "b", "c"].map((s) => `${region}${s}`), zoneIds: ["1", "2", "3"] };
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        accountId: mockAccountId,
        arn: `arn:aws:iam::${mockAccountId}:user/plan`,
        userId: "plan",
      };
    case "aws:index/getRegion:getRegion":
      return { name: region, region, id: region };
    case "aws:ecr/getAuthorizationToken:getAuthorizationToken":
      // Not a credential: a fixed stand-in for the short-lived registry token.
      return {
        id: region,
        userName: "AWS",
        password: "mock-registry-token",
        authorizationToken: "QVdTOm1vY2s=",
        proxyEndpoint: `https://${mockAccountId}.dkr.ecr.${region}.amazonaws.com`,
        expiresAt: "2030-01-01T00:00:00Z",
      };
    case "aws:elb/getServiceAccount:getServiceAccount":
      return { id: "156460612806", arn: "arn:aws:iam::156460612806:root", region };
    case "aws:index/getPartition:getPartition":
      return { partition: "aws", dnsSuffix: "amazonaws.com" };
    default:
      return args.inputs;
  }
}
