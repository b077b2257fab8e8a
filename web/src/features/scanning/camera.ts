import { BarcodeDetector, prepareZXingModule } from "barcode-detector/ponyfill";
// Vite copies the reader's .wasm into the build (a hashed /assets/ file the node serves itself):
// the polyfill would otherwise fetch it from a CDN.
import wasmUrl from "zxing-wasm/reader/zxing_reader.wasm?url";

prepareZXingModule({
  overrides: {
    locateFile: (path: string, prefix: string) => (path.endsWith(".wasm") ? new URL(wasmUrl, window.location.href).href : prefix + path),
  },
});

/** The formats a warehouse meets: asset labels (Code 128/39, QR, Data Matrix) and product GTINs. */
const FORMATS = ["code_128", "code_39", "ean_13", "ean_8", "upc_a", "upc_e", "itf", "qr_code", "data_matrix"] as const;

export interface Detector {
  detect(source: HTMLVideoElement): Promise<string[]>;
}

/** A barcode detector backed by zxing-wasm (the same in every browser; the .wasm loads on first use). */
export function createDetector(): Detector {
  const d = new BarcodeDetector({ formats: [...FORMATS] });
  return {
    detect: async (source) => (await d.detect(source)).map((b) => b.rawValue).filter((v) => v.length > 0),
  };
}
