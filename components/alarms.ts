import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../stacks/settings";
import type { AlarmSpec } from "./alarm-specs";

export interface AlarmTopicArgs {
  /** Account that owns the topic; only its alarms may publish. No default. */
  readonly accountId: pulumi.Input<string>;
  /** Who the topic notifies: email addresses and https endpoints. Default none. */
  readonly subscriptions?: Settings["alarms"]["subscriptions"];
}

/**
 * The SNS topic every alarm notifies, with its subscriptions. It is encrypted with a key of its
 * own whose policy lets CloudWatch alarms use it: with the AWS-managed `alias/aws/sns` key (whose
 * policy cannot be changed) CloudWatch cannot publish, and every alarm action fails silently.
 */
export class AlarmTopic extends pulumi.ComponentResource {
  readonly topic: aws.sns.Topic;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: AlarmTopicArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-skills:alarms:AlarmTopic", name, {}, opts);
    const parent = { parent: this };
    const sameAccount = { StringEquals: { "aws:SourceAccount": args.accountId } };

    const key = new aws.kms.Key(
      name,
      {
        description: `Alarm notifications of ${name}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "AccountAdministers",
              Effect: "Allow",
              Principal: { AWS: pulumi.interpolate`arn:aws:iam::${args.accountId}:root` },
              Action: "kms:*",
              Resource: "*",
            },
            {
              Sid: "CloudWatchAlarmsEncrypt",
              Effect: "Allow",
              Principal: { Service: "cloudwatch.amazonaws.com" },
              Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
              Resource: "*",
              Condition: sameAccount,
            },
          ],
        }),
      },
      parent,
    );
    this.topic = new aws.sns.Topic(name, { kmsMasterKeyId: key.arn }, parent);
    new aws.sns.TopicPolicy(
      name,
      {
        arn: this.topic.arn,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "CloudWatchAlarmsPublish",
              Effect: "Allow",
              Principal: { Service: "cloudwatch.amazonaws.com" },
              Action: "sns:Publish",
              Resource: this.topic.arn,
              Condition: sameAccount,
            },
          ],
        }),
      },
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
