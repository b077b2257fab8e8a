import { useEffect, useRef, useState } from "react";
import { Alert, Button, Group, Loader, Stack, Text } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { createDetector } from "../camera";

/** How long the same code is ignored after it was read (the camera sees it on every frame). */
const SAME_CODE_MS = 2500;
const EVERY_MS = 200;

/**
 * A rear-camera preview that reads barcodes (zxing-wasm through the `barcode-detector` polyfill)
 * and hands each new code to `onCode`, the same path as the wedge input. Loaded on demand: the
 * polyfill and its .wasm never weigh on the first page load.
 */
export default function CameraScanner(props: { onCode(code: string): void; onClose(): void }) {
  const intl = useIntl();
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<"starting" | "running" | "error">("starting");
  const [error, setError] = useState("");
  const onCode = useRef(props.onCode);
  onCode.current = props.onCode;

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer = 0;
    let stopped = false;
    const last = { code: "", at: 0 };
    const start = async () => {
      try {
        if (!navigator.mediaDevices?.getUserMedia) throw new Error(intl.formatMessage({ id: "scan.cameraUnsupported" }));
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false });
        if (stopped || !video.current) return;
        video.current.srcObject = stream;
        await video.current.play();
        const detector = createDetector();
        setState("running");
        const tick = async () => {
          if (stopped || !video.current) return;
          try {
            if (video.current.readyState >= 2) {
              for (const code of await detector.detect(video.current)) {
                const now = Date.now();
                if (code === last.code && now - last.at < SAME_CODE_MS) continue;
                last.code = code;
                last.at = now;
                onCode.current(code);
              }
            }
          } catch {
            // a frame that could not be read: try the next one
          }
          timer = window.setTimeout(() => void tick(), EVERY_MS);
        };
        void tick();
      } catch (e) {
        if (stopped) return;
        setError(e instanceof Error ? e.message : String(e));
        setState("error");
      }
    };
    void start();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [intl]);

  return (
    <Stack gap="xs" data-testid="scan-camera" data-state={state}>
      {state === "starting" && (
        <Group gap="sm" role="status">
          <Loader size="sm" />
          <Text>
            <FormattedMessage id="scan.cameraStarting" />
          </Text>
        </Group>
      )}
      {state === "error" && (
        <Alert color="red" role="alert" data-testid="scan-camera-error">
          <FormattedMessage id="scan.cameraError" values={{ message: error }} />
        </Alert>
      )}
      <video
        ref={video}
        muted
        playsInline
        aria-label={intl.formatMessage({ id: "scan.cameraPreview" })}
        style={{ width: "100%", maxHeight: 320, background: "#000", display: state === "error" ? "none" : "block" }}
      />
      <Group justify="end">
        <Button variant="default" onClick={props.onClose} data-testid="scan-camera-close">
          <FormattedMessage id="scan.cameraClose" />
        </Button>
      </Group>
    </Stack>
  );
}
