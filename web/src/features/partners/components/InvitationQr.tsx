import { useEffect, useState } from "react";
import { Image, Text } from "@mantine/core";
import { useIntl } from "react-intl";
import QRCode from "qrcode";

/** The invitation as a QR code (an image from a data URL), for a partner admin next to the screen with a phone. */
export function InvitationQr({ text }: { text: string }) {
  const intl = useIntl();
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    setUrl(null);
    setFailed(false);
    QRCode.toDataURL(text, { errorCorrectionLevel: "M", margin: 2, width: 240 })
      .then((u) => live && setUrl(u))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [text]);
  if (failed) {
    return (
      <Text size="sm" c="dimmed">
        {intl.formatMessage({ id: "partners.invite.qrFailed" })}
      </Text>
    );
  }
  if (!url) return null;
  return <Image src={url} w={240} h={240} alt={intl.formatMessage({ id: "partners.invite.qrAlt" })} data-testid="invitation-qr" />;
}
