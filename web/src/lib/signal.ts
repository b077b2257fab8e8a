import { VerdictSeverity } from "../gen/eventkit/v1/scanning_pb";

/**
 * How a scan answers at a glance, wherever something is scanned (check-out, stocktake, packing,
 * inspections): one colour, beep and vibration per severity.
 */

/** A verdict's colour at a glance (scanning.proto): applied green, nothing changed blue, warning amber, error red. */
export const SEVERITY_COLOR: Record<VerdictSeverity, string> = {
  [VerdictSeverity.UNSPECIFIED]: "gray",
  [VerdictSeverity.OK]: "green",
  [VerdictSeverity.INFO]: "blue",
  [VerdictSeverity.WARNING]: "yellow",
  [VerdictSeverity.ERROR]: "red",
};

export function severityColor(s: VerdictSeverity | undefined): string {
  return SEVERITY_COLOR[s ?? VerdictSeverity.UNSPECIFIED] ?? "gray";
}

/** Beep pitch (Hz) and length (ms) per severity: high and short for OK, low and long for errors. */
export const SEVERITY_TONE: Record<VerdictSeverity, { hz: number; ms: number; repeat: number }> = {
  [VerdictSeverity.UNSPECIFIED]: { hz: 440, ms: 120, repeat: 1 },
  [VerdictSeverity.OK]: { hz: 1320, ms: 90, repeat: 1 },
  [VerdictSeverity.INFO]: { hz: 880, ms: 90, repeat: 1 },
  [VerdictSeverity.WARNING]: { hz: 520, ms: 160, repeat: 2 },
  [VerdictSeverity.ERROR]: { hz: 220, ms: 400, repeat: 1 },
};

/** Vibration pattern per severity (phones). */
export const SEVERITY_VIBRATION: Record<VerdictSeverity, number[]> = {
  [VerdictSeverity.UNSPECIFIED]: [50],
  [VerdictSeverity.OK]: [40],
  [VerdictSeverity.INFO]: [40],
  [VerdictSeverity.WARNING]: [80, 60, 80],
  [VerdictSeverity.ERROR]: [300],
};

let audio: AudioContext | null = null;

/** A short beep (WebAudio oscillator) and a vibration on phones; silently nothing where unsupported. */
export function signal(severity: VerdictSeverity): void {
  try {
    const Ctx = (window as unknown as { AudioContext?: typeof AudioContext }).AudioContext;
    if (Ctx) {
      audio ??= new Ctx();
      const tone = SEVERITY_TONE[severity] ?? SEVERITY_TONE[VerdictSeverity.UNSPECIFIED];
      const t0 = audio.currentTime;
      for (let i = 0; i < tone.repeat; i++) {
        const osc = audio.createOscillator();
        const gain = audio.createGain();
        osc.type = severity === VerdictSeverity.ERROR ? "square" : "sine";
        osc.frequency.value = tone.hz;
        gain.gain.value = 0.15;
        osc.connect(gain).connect(audio.destination);
        const start = t0 + (i * (tone.ms + 60)) / 1000;
        osc.start(start);
        osc.stop(start + tone.ms / 1000);
      }
    }
  } catch {
    // No audio: the colour and the text still say it.
  }
  try {
    if (typeof navigator !== "undefined" && typeof navigator.vibrate === "function") {
      navigator.vibrate(SEVERITY_VIBRATION[severity] ?? [50]);
    }
  } catch {
    // Not allowed (no user gesture yet): ignore.
  }
}
