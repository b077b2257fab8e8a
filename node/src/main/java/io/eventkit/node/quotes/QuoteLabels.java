package io.eventkit.node.quotes;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The words on a quote's PDF and email, per language (en, de, fr, nl, es, ar; others fall back to
 * English). Keys are the template's {@code labels.*}.
 */
final class QuoteLabels {
  private QuoteLabels() {}

  private static final String[] KEYS = {
    "quote",
    "version",
    "date",
    "validUntil",
    "event",
    "description",
    "quantity",
    "unitPrice",
    "discount",
    "tax",
    "net",
    "subtotal",
    "total",
    "terms",
    "page",
    "draft",
    "emailBody"
  };

  private static final Map<String, String[]> WORDS =
      Map.of(
          "en",
          new String[] {
            "Quote",
            "Version",
            "Date",
            "Valid until",
            "Event",
            "Description",
            "Qty",
            "Unit price",
            "Discount",
            "Tax",
            "Net",
            "Subtotal",
            "Total",
            "Terms and conditions",
            "Page",
            "Draft (not sent)",
            "Please find our quote attached. We look forward to hearing from you."
          },
          "de",
          new String[] {
            "Angebot",
            "Version",
            "Datum",
            "Gültig bis",
            "Veranstaltung",
            "Beschreibung",
            "Menge",
            "Einzelpreis",
            "Rabatt",
            "Steuer",
            "Netto",
            "Zwischensumme",
            "Gesamt",
            "Geschäftsbedingungen",
            "Seite",
            "Entwurf (nicht versendet)",
            "Anbei erhalten Sie unser Angebot. Wir freuen uns auf Ihre Rückmeldung."
          },
          "fr",
          new String[] {
            "Devis",
            "Version",
            "Date",
            "Valable jusqu’au",
            "Événement",
            "Description",
            "Qté",
            "Prix unitaire",
            "Remise",
            "TVA",
            "Net",
            "Sous-total",
            "Total",
            "Conditions générales",
            "Page",
            "Brouillon (non envoyé)",
            "Veuillez trouver ci-joint notre devis. Dans l’attente de votre retour."
          },
          "nl",
          new String[] {
            "Offerte",
            "Versie",
            "Datum",
            "Geldig tot",
            "Evenement",
            "Omschrijving",
            "Aantal",
            "Stukprijs",
            "Korting",
            "Btw",
            "Netto",
            "Subtotaal",
            "Totaal",
            "Algemene voorwaarden",
            "Pagina",
            "Concept (niet verzonden)",
            "In de bijlage vindt u onze offerte. Wij horen graag van u."
          },
          "es",
          new String[] {
            "Presupuesto",
            "Versión",
            "Fecha",
            "Válido hasta",
            "Evento",
            "Descripción",
            "Cant.",
            "Precio unitario",
            "Descuento",
            "Impuesto",
            "Neto",
            "Subtotal",
            "Total",
            "Términos y condiciones",
            "Página",
            "Borrador (no enviado)",
            "Adjuntamos nuestro presupuesto. Quedamos a la espera de su respuesta."
          },
          "ar",
          new String[] {
            "عرض سعر",
            "الإصدار",
            "التاريخ",
            "صالح حتى",
            "الفعالية",
            "الوصف",
            "الكمية",
            "سعر الوحدة",
            "الخصم",
            "الضريبة",
            "الصافي",
            "المجموع الفرعي",
            "الإجمالي",
            "الشروط والأحكام",
            "صفحة",
            "مسودة (لم ترسل)",
            "تجدون عرض السعر مرفقًا. نتطلع إلى ردكم."
          });

  /** The labels for {@code locale}'s language. */
  static Map<String, String> of(Locale locale) {
    String[] words = WORDS.getOrDefault(locale.getLanguage(), WORDS.get("en"));
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < KEYS.length; i++) {
      out.put(KEYS[i], words[i]);
    }
    return out;
  }
}
