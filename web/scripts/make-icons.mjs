// Writes the app's install icons (public/icons/icon-{192,512}.png): white barcode bars on the
// theme's indigo, with a safe margin so the maskable crop keeps them. Run once; the PNGs are committed.
import { writeFileSync, mkdirSync } from "node:fs";
import { deflateSync, crc32 } from "node:zlib";

const BG = [0x3b, 0x5b, 0xdb];
const BARS = [[22, 27], [31, 33], [37, 44], [48, 50], [54, 59], [63, 65], [69, 78]];

function png(size) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    const inY = y >= size * 0.28 && y < size * 0.72;
    for (let x = 0; x < size; x++) {
      const p = (x / size) * 100;
      const bar = inY && BARS.some(([a, b]) => p >= a && p < b);
      const c = bar ? [255, 255, 255] : BG;
      row.set(c, 1 + x * 3);
    }
    rows.push(row);
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

mkdirSync("public/icons", { recursive: true });
for (const s of [192, 512]) writeFileSync(`public/icons/icon-${s}.png`, png(s));
