import assert from "node:assert/strict";
import { FakeClock } from "./_fake_clock.ts";
import { MAX_QUEUED, ReplyQueue } from "./reply_queue.ts";

Deno.test("a flood of headers with none taken holds only the newest, in order", () => {
  const queue = new ReplyQueue(new FakeClock(), 10_000);
  const flood = 100_000;
  for (let i = 0; i < flood; i++) {
    queue.post(3, i);
    assert.ok(queue.held <= MAX_QUEUED, `${queue.held} held after ${i + 1} posts`);
  }
  const taken = [];
  for (let reply; (reply = queue.take());) taken.push(reply.value);
  assert.deepEqual(taken, Array.from({ length: MAX_QUEUED }, (_, i) => flood - MAX_QUEUED + i));
  assert.equal(queue.held, 0);
});

Deno.test("order holds across the ring's wrap, and a full queue drops its oldest", () => {
  const queue = new ReplyQueue(new FakeClock(), 10_000);
  for (let i = 0; i < 3 * MAX_QUEUED + 5; i++) {
    queue.post(9, i);
    assert.equal(queue.take()?.value, i);
  }
  for (let i = 0; i <= MAX_QUEUED; i++) queue.post(9, 1000 + i);
  assert.equal(queue.held, MAX_QUEUED);
  const taken = [];
  for (let reply; (reply = queue.take());) taken.push(reply.value);
  assert.deepEqual(taken, Array.from({ length: MAX_QUEUED }, (_, i) => 1001 + i));
});
