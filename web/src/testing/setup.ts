import { afterAll, afterEach } from "vitest";
import { cleanup } from "@testing-library/react";

afterEach(() => cleanup());

// A Mantine transition's timer (requestAnimationFrame, then a timeout of up to 250 ms) can still be
// pending when a file's last test ends; if it fires after the file's jsdom is torn down, React
// throws "window is not defined" and vitest fails the run for an unhandled error. Let such timers
// fire while the window still exists (seen once in .ci/run, ImportWizardScreen.test.tsx).
afterAll(() => new Promise<void>((resolve) => setTimeout(resolve, 400)));

// jsdom lacks these; Mantine reads them.
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
class RO {
  observe() {}
  unobserve() {}
  disconnect() {}
}
(globalThis as { ResizeObserver?: unknown }).ResizeObserver ??= RO;
// Mantine's autosize Textarea listens for web fonts loading.
if (!(document as { fonts?: unknown }).fonts) {
  Object.defineProperty(document, "fonts", { value: { addEventListener() {}, removeEventListener() {}, ready: Promise.resolve() }, configurable: true });
}
