// Google client libraries probe the GCE metadata server unless told not to. Tests must never
// leave 127.0.0.0/8.
process.env.METADATA_SERVER_DETECTION = 'none';
