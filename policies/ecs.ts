import * as aws from "@pulumi/aws";
import {
  validateResourceOfType,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type ReportViolation,
} from "@pulumi/policy";
import {
  asList,
  configWithDefaults,
  defaultLevel,
  guardUnknowns,
  known,
  parseJsonInput,
  show,
} from "./support";

/**
 * ECS checks. A task definition's `containerDefinitions` is a JSON string: it is parsed here,
 * and a definition with an unknown spliced into it cannot be verified during a preview.
 */

/** The fields of a container definition that the policies read. */
export interface ContainerDefinition {
  readonly name?: string;
  readonly privileged?: boolean;
  readonly readonlyRootFilesystem?: boolean;
  readonly user?: string;
  readonly environment?: { name?: string; value?: string }[];
  readonly secrets?: { name?: string; valueFrom?: string }[];
  readonly logConfiguration?: { logDriver?: string };
}

/** The containers of a task definition, parsed from the JSON string (or array) input. */
export function containersOf(value: unknown): ContainerDefinition[] {
  return asList(parseJsonInput(value, "containerDefinitions")) as ContainerDefinition[];
}

type Check = (
  containers: ContainerDefinition[],
  report: ReportViolation,
  args: ResourceValidationArgs,
) => void;

function containerPolicy(
  policy: Omit<ResourceValidationPolicy, "validateResource" | "enforcementLevel">,
  check: Check,
): ResourceValidationPolicy {
  return {
    ...policy,
    enforcementLevel: defaultLevel,
    validateResource: validateResourceOfType(
      aws.ecs.TaskDefinition,
      guardUnknowns((task, args, report) =>
        check(containersOf(task.containerDefinitions), report, args),
      ),
    ),
  };
}

export const ecsNoPrivileged = containerPolicy(
  {
    name: "ecs-no-privileged-containers",
    description: "No container runs privileged.",
  },
  (containers, report) => {
    for (const c of containers.filter((c) => c.privileged === true)) {
      report(`container ${show(c.name)} has privileged: true; remove it.`);
    }
  },
);

export const ecsReadOnlyRoot = containerPolicy(
  {
    name: "ecs-read-only-root-filesystem",
    description:
      "Containers mount their root file system read-only, except those listed in exemptContainers.",
    configSchema: {
      properties: {
        exemptContainers: {
          type: "array",
          items: { type: "string" },
          default: [],
          description: "Names of containers whose image must write to its root file system.",
        },
      },
    },
  },
  (containers, report, args) => {
    const { exemptContainers } = configWithDefaults(args, { exemptContainers: [] as string[] });
    for (const c of containers) {
      if (c.readonlyRootFilesystem !== true && !exemptContainers.includes(c.name ?? "")) {
        report(
          `container ${show(c.name)} has readonlyRootFilesystem ` +
            `${show(c.readonlyRootFilesystem)}; ` +
            `set it to true (mount a volume for writable paths).`,
        );
      }
    }
  },
);

/** Environment variable names that hold credentials. */
const secretName = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL)/i;
/** Names that only point at a secret (an ARN, an id, a name), which is fine in plain text. */
const secretReference = /(_ARN|_ID|_NAME|_SECRET_REF)$/i;
/** A URL with a password in it, e.g. postgres://user:pass@host. */
const urlWithPassword = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:[^@\s]+@/i;

export const ecsNoPlaintextSecrets = containerPolicy(
  {
    name: "ecs-no-plaintext-secrets",
    description: "No credential in a container's plain environment; use `secrets` instead.",
  },
  (containers, report) => {
    for (const c of containers) {
      for (const variable of c.environment ?? []) {
        const name = variable.name ?? "";
        const byName = secretName.test(name) && !secretReference.test(name);
        if (byName || urlWithPassword.test(variable.value ?? "")) {
          report(
            `container ${show(c.name)} sets ${name} in plain environment; ` +
              `move it to secrets (valueFrom Secrets Manager).`,
          );
        }
      }
    }
  },
);

export const ecsContainerLogging = containerPolicy(
  {
    name: "ecs-container-logging",
    description: "Every container sends its logs somewhere (a logConfiguration).",
  },
  (containers, report) => {
    for (const c of containers.filter((c) => c.logConfiguration?.logDriver === undefined)) {
      report(`container ${show(c.name)} has no logConfiguration; send its logs to awslogs.`);
    }
  },
);

export const ecsSeparateRoles: ResourceValidationPolicy = {
  name: "ecs-separate-execution-role",
  description: "A task definition's execution role is set and is not its task role.",
  enforcementLevel: defaultLevel,
  validateResource: validateResourceOfType(
    aws.ecs.TaskDefinition,
    guardUnknowns((task, _args, report) => {
      const execution = known(task.executionRoleArn, "executionRoleArn");
      const taskRole = known(task.taskRoleArn, "taskRoleArn");
      if (execution === undefined) {
        report("executionRoleArn is unset; give the task an execution role.");
      } else if (execution === taskRole) {
        report(
          "executionRoleArn and taskRoleArn are the same role; give the app its own task role.",
        );
      }
    }),
  ),
};

export const ecsNoPublicIp: ResourceValidationPolicy = {
  name: "ecs-no-public-ip",
  description: "A service's tasks get no public IP address.",
  enforcementLevel: defaultLevel,
  validateResource: validateResourceOfType(
    aws.ecs.Service,
    guardUnknowns((service, _args, report) => {
      const assign = known(
        service.networkConfiguration?.assignPublicIp,
        "networkConfiguration.assignPublicIp",
      );
      if (assign === true) {
        report("networkConfiguration.assignPublicIp is true; set it to false.");
      }
    }),
  ),
};

export const ecsPolicies = [
  ecsNoPrivileged,
  ecsReadOnlyRoot,
  ecsNoPlaintextSecrets,
  ecsContainerLogging,
  ecsSeparateRoles,
  ecsNoPublicIp,
];
