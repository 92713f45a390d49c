// Trunk post_build step (see post_build.sh): writes `<file>.br` next to each file named on the
// command line, compressed with brotli at its highest quality (11). The server sends these
// instead of compressing at run time, where it uses quality 9 to keep the first request quick:
// quality 11 makes the widget's modules about 10 % smaller. Node's zlib is Google's brotli.
import { readFileSync, writeFileSync } from "node:fs";
import { brotliCompressSync, constants } from "node:zlib";

for (const file of process.argv.slice(2)) {
  const data = readFileSync(file);
  const compressed = brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
  writeFileSync(file + ".br", compressed);
}
