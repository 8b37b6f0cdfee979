import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../stacks/settings";
import type { AlarmSpec } from "./alarm-specs";

export interface AlarmTopicArgs {
  /** Who the topic notifies: email addresses and https endpoints. Default none. */
  readonly subscriptions?: Settings["alarms"]["subscriptions"];
  /** KMS key of the topic. Default alias/aws/sns (the AWS-managed key). */
  readonly kmsKeyId?: pulumi.Input<string>;
}

/** The SNS topic every alarm notifies, encrypted, with its subscriptions. */
export class AlarmTopic extends pulumi.ComponentResource {
  readonly topic: aws.sns.Topic;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: AlarmTopicArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-skills:alarms:AlarmTopic", name, {}, opts);
    const parent = { parent: this };
    this.topic = new aws.sns.Topic(
      name,
      { kmsMasterKeyId: args.kmsKeyId ?? "alias/aws/sns" },
      parent,
    );
    for (const [i, { protocol, endpoint }] of (args.subscriptions ?? []).entries()) {
      new aws.sns.TopicSubscription(
        `${name}-${protocol}-${i}`,
        { topic: this.topic.arn, protocol, endpoint },
        parent,
      );
    }
    this.arn = this.topic.arn;
    this.registerOutputs({ arn: this.arn });
  }
}

export interface AlarmsArgs {
  /** The alarms to declare (`alarm-specs.ts`). */
  readonly specs: readonly AlarmSpec[];
  /** Topic notified on ALARM and on OK. */
  readonly topicArn: pulumi.Input<string>;
}

/** CloudWatch alarms from specs: each with explicit missing-data handling and both actions. */
export class Alarms extends pulumi.ComponentResource {
  readonly alarms: readonly aws.cloudwatch.MetricAlarm[];

  constructor(name: string, args: AlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-skills:alarms:Alarms", name, {}, opts);
    const keys = args.specs.map((s) => s.key);
    const duplicate = keys.find((k, i) => keys.indexOf(k) !== i);
    if (duplicate !== undefined) {
      throw new Error(`Alarms ${name}: two alarms have the key \`${duplicate}\`; keys are unique`);
    }
    this.alarms = args.specs.map(
      (spec) =>
        new aws.cloudwatch.MetricAlarm(`${name}-${spec.key}`, alarmArgs(spec, args.topicArn), {
          parent: this,
        }),
    );
    this.registerOutputs({ count: this.alarms.length });
  }
}

/** The MetricAlarm arguments of a spec. */
export function alarmArgs(
  spec: AlarmSpec,
  topicArn: pulumi.Input<string>,
): aws.cloudwatch.MetricAlarmArgs {
  const common = {
    alarmDescription: spec.description,
    comparisonOperator: spec.comparison,
    threshold: spec.threshold,
    evaluationPeriods: spec.evaluationPeriods,
    datapointsToAlarm: spec.datapointsToAlarm,
    treatMissingData: spec.treatMissingData,
    actionsEnabled: true,
    alarmActions: [topicArn],
    okActions: [topicArn],
  };
  if (spec.math) {
    const metricQueries = [
      { id: "e1", expression: spec.math.expression, label: spec.math.label, returnData: true },
      ...Object.entries(spec.math.metrics).map(([id, m]) => ({
        id,
        returnData: false,
        metric: {
          namespace: m.namespace,
          metricName: m.name,
          dimensions: m.dimensions,
          period: spec.periodSeconds,
          stat: m.stat,
        },
      })),
    ];
    return { ...common, metricQueries };
  }
  const m = spec.metric;
  if (!m) throw new Error(`alarm ${spec.key}: a spec needs a metric or metric math`);
  const percentile = /^p\d+(\.\d+)?$/.test(m.stat);
  return {
    ...common,
    namespace: m.namespace,
    metricName: m.name,
    dimensions: m.dimensions,
    period: spec.periodSeconds,
    ...(percentile ? { extendedStatistic: m.stat } : { statistic: m.stat }),
  };
}
