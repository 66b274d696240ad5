// `npm start`: every function on http://127.0.0.1:$PORT/<name>, with the offline sandbox when no
// provider credentials are configured. See scripts/lib/dev-main.ts.
//
// Google client libraries probe the GCE metadata server (169.254.169.254) for credentials and the
// project unless told not to; locally that probe either hangs or leaves the machine. It has to be
// switched off before any of them is loaded, hence this one process.env write, done before the
// dynamic import below (static imports would be evaluated before any statement here runs).
process.env.METADATA_SERVER_DETECTION = 'none';

const { main } = await import('./lib/dev-main');
await main();

export {}; // top-level await needs this file to be a module
