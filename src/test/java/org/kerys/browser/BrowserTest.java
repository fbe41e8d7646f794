package org.kerys.browser;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.kerys.KerysApplication;
import org.kerys.TestSupport;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * A browser test: the same Spring context as every {@code @KerysHttpTest} (same configuration, so the suite still
 * starts one Kerys and one database), driven by headless Chromium through {@link Chromium}. Tagged {@code browser}
 * and not {@code persistence}: the second Surefire pass against an external PostgreSQL does not run them again
 * (what a page looks like does not depend on the database server).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = KerysApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestSupport.class)
@Tag("browser")
public @interface BrowserTest {
}
