import { assert, assertEquals } from "../../tests/helpers/assert.ts";
import { summariseFfmpegError } from "./ffmpeg_error.ts";

const rows: { name: string; stderr: string; paths?: string[]; want: string }[] = [
  {
    name: "keeps the last three lines",
    stderr: "a\nb\nc\nd\n",
    want: "ffmpeg exited with code 1: b | c | d",
  },
  {
    name: "removes the input path even with spaces",
    stderr: "file:/media/My Films/x.mkv: Invalid data found when processing input\n",
    paths: ["/media/My Films/x.mkv"],
    want: "ffmpeg exited with code 1: file:<file>: Invalid data found when processing input",
  },
  {
    name: "removes unknown absolute paths",
    stderr: "[segment @ 0x1] Failed to open segment '/var/cache/rf/s-1/v0/r1-3.ts'\n",
    want: "ffmpeg exited with code 1: [segment @ 0x1] Failed to open segment '<file>'",
  },
  {
    name: "skips the log header and progress lines",
    stderr: "# 2024-01-01 ffmpeg -i x\nUnknown encoder 'h264_vaapi'\nframe=  10 fps=0\n",
    want: "ffmpeg exited with code 1: Unknown encoder 'h264_vaapi'",
  },
  { name: "says only the code without stderr", stderr: "\n\n", want: "ffmpeg exited with code 1" },
];

for (const row of rows) {
  Deno.test(`summariseFfmpegError() ${row.name}`, () => {
    assertEquals(summariseFfmpegError(row.stderr, 1, row.paths), row.want);
  });
}

Deno.test("summariseFfmpegError() bounds the length", () => {
  const msg = summariseFfmpegError("x".repeat(2000), 234);
  assert(msg.length <= 300);
  assert(msg.startsWith("ffmpeg exited with code 234: xxx"));
});
