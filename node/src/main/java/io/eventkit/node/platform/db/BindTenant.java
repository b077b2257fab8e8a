package io.eventkit.node.platform.db;

import io.eventkit.node.kernel.TenantContext;
import java.lang.annotation.Annotation;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import org.jdbi.v3.sqlobject.customizer.SqlStatementCustomizer;
import org.jdbi.v3.sqlobject.customizer.SqlStatementCustomizerFactory;
import org.jdbi.v3.sqlobject.customizer.SqlStatementCustomizingAnnotation;

/**
 * Binds {@code :tenant} to {@link TenantContext#current()} for a SqlObject DAO method. Every
 * statement that writes a row stamps {@code tenant_id = :tenant}, and every statement that looks
 * rows up by their own key or lists them filters on it (see node/README.md, "Tenants").
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@SqlStatementCustomizingAnnotation(BindTenant.Factory.class)
public @interface BindTenant {
  /** The JDBI factory behind the annotation. */
  final class Factory implements SqlStatementCustomizerFactory {
    @Override
    public SqlStatementCustomizer createForMethod(
        Annotation annotation, Class<?> sqlObjectType, Method method) {
      return statement -> statement.bind("tenant", TenantContext.current());
    }
  }
}
