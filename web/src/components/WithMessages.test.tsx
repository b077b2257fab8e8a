import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import { FormattedMessage, IntlProvider } from "react-intl";
import { WithMessages } from "./WithMessages";

const feature = { en: { "f.hello": "Hello", "f.only": "Only in English" }, de: { "f.hello": "Hallo" } };

describe("WithMessages", () => {
  it("adds a feature's texts in the page's language, English where the language lacks one, keeping the app's", () => {
    render(
      <IntlProvider locale="de" messages={{ "app.name": "EventKit" }}>
        <WithMessages messages={[feature]}>
          <span data-testid="a">
            <FormattedMessage id="f.hello" />
          </span>
          <span data-testid="b">
            <FormattedMessage id="f.only" />
          </span>
          <span data-testid="c">
            <FormattedMessage id="app.name" />
          </span>
        </WithMessages>
      </IntlProvider>,
    );
    expect(screen.getByTestId("a").textContent).toBe("Hallo");
    expect(screen.getByTestId("b").textContent).toBe("Only in English");
    expect(screen.getByTestId("c").textContent).toBe("EventKit");
  });
});
