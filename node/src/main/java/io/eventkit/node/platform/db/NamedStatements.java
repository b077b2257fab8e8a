package io.eventkit.node.platform.db;

import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.extension.ExtensionMethod;
import org.jdbi.v3.core.statement.TemplateEngine;

/**
 * The node's SQL template engine: JDBI's own (defined attributes) with the DAO's name prepended as
 * a comment ({@code /* ProductDao.find *&#47; SELECT …}), so that pg_stat_activity and
 * pg_stat_statements say which DAO method ran a statement.
 *
 * <p>It does what Dropwizard's {@code NamePrependingTemplateEngine} does, but as a {@link
 * TemplateEngine.Parsing} engine, so JDBI parses each template once and caches the result. The
 * Dropwizard engine is a plain {@link TemplateEngine}: JDBI cannot cache it, and every statement
 * the node ran was lexed again by ANTLR (a tenth of the partner's Java time per federated
 * availability call in a profile). Database turns Dropwizard's off (auto comments) and installs
 * this one.
 */
final class NamedStatements implements TemplateEngine.Parsing {
  private final TemplateEngine.Parsing delegate;

  NamedStatements(TemplateEngine.Parsing delegate) {
    this.delegate = delegate;
  }

  /** Wraps {@code engine} when it can be parsed ahead; any other engine is left as it is. */
  static TemplateEngine around(TemplateEngine engine) {
    return engine instanceof TemplateEngine.Parsing p ? new NamedStatements(p) : engine;
  }

  @Override
  public Optional<Function<org.jdbi.v3.core.statement.StatementContext, String>> parse(
      String template, ConfigRegistry config) {
    Function<org.jdbi.v3.core.statement.StatementContext, String> render =
        delegate.parse(template, config).orElseGet(() -> ctx -> delegate.render(template, ctx));
    return Optional.of(ctx -> named(render.apply(ctx), ctx.getExtensionMethod()));
  }

  private static String named(String sql, ExtensionMethod method) {
    if (method == null) {
      return sql;
    }
    String type = method.getType().getSimpleName();
    String name = method.getMethod().getName();
    StringBuilder b = new StringBuilder(sql.length() + type.length() + name.length() + 8);
    b.append("/* ");
    if (!type.isEmpty()) {
      b.append(type).append('.');
    }
    return b.append(name).append(" */ ").append(sql).toString();
  }
}
