/** Serves the in-process API stand-in on a fixed port, for trying the app or a test by hand. */
import { FakeApiServer } from './FakeApiServer';

const port = Number(process.argv[2] ?? 8787);
new FakeApiServer().listen(port).then((url) => process.stdout.write(`fake API on ${url}\n`));
