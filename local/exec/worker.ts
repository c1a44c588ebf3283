// A worker thread that runs executions of the bundle one at a time; its services reach the host (the
// main thread, which owns the workbook) through a synchronous channel.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { workerChannel } from './channel';
import { execute, type BundleEnv, type TriggerSpec } from './execute';

interface WorkerInit {
  env: BundleEnv;
  port: MessagePort;
  signal: SharedArrayBuffer;
}
export interface RunMessage {
  execId: string;
  name: string;
  args: unknown[];
  trigger?: TriggerSpec;
}

const { env, port, signal } = workerData as WorkerInit;
const channel = workerChannel(port, new Int32Array(signal));

parentPort!.on('message', (message: RunMessage) => {
  const result = execute(env, channel, message.name, message.args, message.trigger);
  parentPort!.postMessage({ execId: message.execId, result });
});
