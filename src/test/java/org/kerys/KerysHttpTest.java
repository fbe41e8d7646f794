package org.kerys;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * A test through the real stack: HTTP on a random port → Spring → PostgreSQL → disk. Every such test uses
 * this one annotation so that the suite shares one Spring context and one database. Tagged
 * {@code persistence}: when {@code KERYS_TEST_DB_URL} is set they run again against that server.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = KerysApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestSupport.class)
@Tag("persistence")
public @interface KerysHttpTest {
}
