import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "./stack-files";
import type { PlannedResource } from "./planned-resource";
import { mockCall, mockResourceState } from "./mock-values";
import { plainValue } from "./wire-values";

/** What one offline run of the program produced. */
export interface OfflineRun {
  readonly resources: PlannedResource[];
  /** The program's stack outputs, resolved; undefined when the program failed. */
  readonly outputs?: Record<string, unknown>;
  /** The error that stopped the program (a settings error, a component's argument check). */
  readonly error?: Error;
}

interface RegisterRequest {
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getDependenciesList(): string[];
  getProvider(): string;
  getPropertydependenciesMap(): {
    forEach(fn: (value: { getUrnsList(): string[] }, key: string) => void): void;
  };
}

type Callback = (err: Error | null, response?: { getUrn(): string }) => void;

interface MockMonitorLike {
  registerResource(req: RegisterRequest, callback: Callback): Promise<void>;
}

// The SDK's own wait for outstanding registrations; it is not re-exported from the package root.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settingsModule = require("@pulumi/pulumi/runtime/settings") as {
  waitForRPCs(): Promise<void>;
};

/**
 * Runs the Pulumi program under the SDK's mock runtime for one stack's configuration and records
 * every resource it declares, with its parent and inputs. No engine, no provider, no cloud.
 */
export async function runOffline(
  stackConfig: StackConfig,
  programPath: string,
): Promise<OfflineRun> {
  const region = stackConfig.config["aws:region"] ?? "us-east-1";
  const resources: PlannedResource[] = [];

  await pulumi.runtime.setMocks(
    {
      newResource: (args) => mockResourceState(args, region),
      call: (args) => mockCall(args, region),
    },
    stackConfig.project,
    stackConfig.stack,
    true,
  );
  pulumi.runtime.setAllConfig(stackConfig.config, stackConfig.secretKeys);

  const failures: Error[] = [];
  const urns = new Set<string>();
  const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitorLike;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) =>
    register(req, (err, response) => {
      if (!err && response && urns.has(response.getUrn())) {
        // The engine refuses a second resource with the same URN; so does the offline plan.
        failures.push(new Error(`Duplicate resource URN '${response.getUrn()}'; name it apart`));
      } else if (!err && response) {
        urns.add(response.getUrn());
        resources.push({
          type: req.getType(),
          name: req.getName(),
          urn: response.getUrn(),
          parent: req.getParent() || undefined,
          custom: req.getCustom(),
          inputs: plainValue(req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
          dependencies: req.getDependenciesList(),
          propertyDependencies: propertyDependencies(req),
          provider: req.getProvider() || undefined,
        });
      }
      callback(err, response);
    });

  const onRejection = (reason: unknown) => failures.push(asError(reason));
  process.on("unhandledRejection", onRejection);
  // The SDK records a stack trace for every promise it makes. Under ts-node each trace goes
  // through source-map support, which made a plan 3x slower; the plan reports errors by their
  // messages, so the run formats traces natively and puts the mapping back afterwards.
  const traces = Error as { prepareStackTrace?: unknown };
  const prepareStackTrace = traces.prepareStackTrace;
  traces.prepareStackTrace = undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require(programPath) as () => Promise<Record<string, unknown>>;
    const exported = await program();
    const outputs = (await resolve(pulumi.output(exported))) as Record<string, unknown>;
    await settingsModule.waitForRPCs();
    if (failures.length > 0) return { resources, error: failures[0] };
    return { resources, outputs };
  } catch (error) {
    await settingsModule.waitForRPCs().catch(() => undefined);
    return { resources, error: asError(error) };
  } finally {
    traces.prepareStackTrace = prepareStackTrace;
    process.off("unhandledRejection", onRejection);
  }
}

function propertyDependencies(req: RegisterRequest): Record<string, string[]> {
  const byProperty: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((value, key) => {
    const urns = value.getUrnsList();
    if (urns.length > 0) byProperty[key] = urns;
  });
  return byProperty;
}

/** Waits for an Output's value, secrets included (the caller masks what it prints). */
function resolve<T>(output: pulumi.Output<T>): Promise<T> {
  // `promise()` is the SDK's own (internal) accessor; unlike `apply`, it also rejects on error.
  return (output as unknown as { promise(): Promise<T> }).promise();
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
