// Run the mock on its own: node server.mjs [port]   (binds 127.0.0.1; default port 4000)
import { createMockWeChat, DEMO_APPS, DEMO_USERS } from './mock-wechat.mjs';

const mock = createMockWeChat({ log: (line) => console.log(`mock-wechat: ${line}`) });
const url = await mock.listen(Number(process.argv[2] ?? 4000));
console.log(`mock-wechat: listening on ${url}`);
console.log(`mock-wechat: apps ${Object.keys(DEMO_APPS).join(', ')}; users ${DEMO_USERS.map((u) => u.name).join(', ')}`);
const stop = () => mock.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
