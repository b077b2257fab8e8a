package io.eventkit.node.federation.availability;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.federation.catalog.SharedProduct;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProductKeysTest {
  @Test
  void normalisesCaseSpacesAndPunctuation() {
    assertThat(ProductKeys.manufacturerModel("  SHURE ", "sm-58"))
        .isEqualTo(ProductKeys.manufacturerModel("Shure", "SM 58"))
        .isEqualTo(ProductKeys.manufacturerModel("shure", "SM58"));
    assertThat(ProductKeys.manufacturerModel("L-Acoustics", "K2"))
        .isEqualTo(ProductKeys.manufacturerModel("L Acoustics", "k 2"));
    // Full-width forms fold under NFKC.
    assertThat(ProductKeys.text("ＳＭ５８")).isEqualTo("sm58");
    assertThat(ProductKeys.manufacturerModel("Shure", "")).isEmpty();
    assertThat(ProductKeys.manufacturerModel("--", "SM58")).isEmpty();
    // Manufacturer and model do not run into each other.
    assertThat(ProductKeys.manufacturerModel("ab", "c"))
        .isNotEqualTo(ProductKeys.manufacturerModel("a", "bc"));
  }

  @Test
  void gtinsArePaddedToFourteenDigitsAndOtherwiseIgnored() {
    assertThat(ProductKeys.gtin("012345678905")).isEqualTo("00012345678905");
    assertThat(ProductKeys.gtin("0012345678905")).isEqualTo("00012345678905");
    assertThat(ProductKeys.gtin(" 96385074 ")).isEqualTo("00000096385074");
    assertThat(ProductKeys.gtin("12345")).isEmpty();
    assertThat(ProductKeys.gtin("12a45678")).isEmpty();
    assertThat(ProductKeys.gtin("")).isEmpty();
  }

  @Test
  void gtinMatchesWinThenManufacturerAndModelAndEveryMatchIsReturned() {
    SharedProduct a = new SharedProduct("1", "Shure", "SM58", "Audio", "SM58", "");
    SharedProduct b = new SharedProduct("2", "SHURE", "sm-58", "Audio", "SM58 (spare)", "");
    SharedProduct c = new SharedProduct("3", "Acme", "Lamp", "Light", "Lamp", "012345678905");
    PartnerCatalogue cat = new PartnerCatalogue(List.of(a, b, c));

    var byName = cat.match(new FederatedAvailability.Wanted("", "shure", "SM 58", "", 1));
    assertThat(byName.how()).isEqualTo(FederatedAvailability.Match.MANUFACTURER_MODEL);
    assertThat(byName.products()).containsExactly(a, b);

    var byGtin =
        cat.match(new FederatedAvailability.Wanted("", "Shure", "SM58", "0012345678905", 1));
    assertThat(byGtin.how()).isEqualTo(FederatedAvailability.Match.GTIN);
    assertThat(byGtin.products()).containsExactly(c);

    // An unknown GTIN falls back to manufacturer and model.
    var fallback = cat.match(new FederatedAvailability.Wanted("", "Shure", "SM58", "96385074", 1));
    assertThat(fallback.how()).isEqualTo(FederatedAvailability.Match.MANUFACTURER_MODEL);

    var none = cat.match(new FederatedAvailability.Wanted("", "Shure", "SM57", "", 1));
    assertThat(none.how()).isEqualTo(FederatedAvailability.Match.NONE);
    assertThat(none.products()).isEmpty();
  }
}
