import { benchHealth } from "./health";
import { benchPlan } from "./plan";

/** Each bench, in the order `npm run bench` runs them. Add a bench by adding an entry. */
const benches: readonly { name: string; run: () => Promise<void> }[] = [
  { name: "plan", run: () => benchPlan() },
  { name: "health", run: () => benchHealth() },
];

async function main(): Promise<void> {
  for (const bench of benches) {
    console.log(`# ${bench.name}`);
    await bench.run();
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`bench failed: ${error.message}`);
    process.exit(1);
  },
);
