// Runs MSK Connect operations with the AWS SDK for JavaScript v3, one per input line:
//   {"operation": "CreateConnector", "input": {...}}  ->  {"output": {...}}  or  {"error": {"name", "message", "status"}}
// The endpoint, region and credentials come from the environment, as a user's script would take them.
import * as kafkaconnect from "@aws-sdk/client-kafkaconnect";
import { createInterface } from "node:readline";

const client = new kafkaconnect.KafkaConnectClient({
  endpoint: process.env.MSK_CONNECT_ENDPOINT,
  region: process.env.AWS_REGION,
  credentials: {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID,
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY,
  },
  maxAttempts: 1,
});

for await (const line of createInterface({ input: process.stdin })) {
  const { operation, input } = JSON.parse(line);
  let answer;
  try {
    const Command = kafkaconnect[`${operation}Command`];
    if (!Command) {
      throw new Error(`the SDK has no ${operation}Command`);
    }
    const { $metadata, ...output } = await client.send(new Command(input));
    answer = { output };
  } catch (e) {
    answer = { error: { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode ?? null } };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
