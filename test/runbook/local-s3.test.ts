import assert from "node:assert/strict";
import { createServer } from "node:net";
import { startLocalS3OnPreferredPort } from "../../local/s3";
import { freePort } from "./support/services";

describe("local S3 stand-in", function () {
  it("starts on the preferred port when it is free", async function () {
    const port = await freePort();
    const s3 = await startLocalS3OnPreferredPort(["b"], port);
    try {
      assert.equal(s3.port, port);
      assert.equal(s3.endpoint, `http://127.0.0.1:${port}`);
    } finally {
      await s3.close();
    }
  });

  it("falls back to a free port when the preferred one is taken", async function () {
    const taken = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => taken.listen(port, "127.0.0.1", resolve));
    try {
      const s3 = await startLocalS3OnPreferredPort(["b"], port);
      assert.notEqual(s3.port, port);
      assert.ok(s3.port > 0);
      await s3.close();
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
