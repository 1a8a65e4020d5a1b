package io.quarkiverse.rekuest.deployment;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Default keys and names derived from method names. */
class JavaNamesTest {

    @Test
    void snakeCaseLikePythonsInflection() {
        assertEquals("add", JavaNames.snakeCase("add"));
        assertEquals("count_to", JavaNames.snakeCase("countTo"));
        assertEquals("parse_url", JavaNames.snakeCase("parseURL"));
        assertEquals("url_parser", JavaNames.snakeCase("URLParser"));
        assertEquals("add2_numbers", JavaNames.snakeCase("add2Numbers"));
        assertEquals("already_snake", JavaNames.snakeCase("already_snake"));
    }

    @Test
    void titleCaseKeepsAcronyms() {
        assertEquals("Add", JavaNames.titleCase("add"));
        assertEquals("Count To", JavaNames.titleCase("countTo"));
        assertEquals("Parse URL", JavaNames.titleCase("parseURL"));
        assertEquals("URL Parser", JavaNames.titleCase("URLParser"));
        assertEquals("Already Snake", JavaNames.titleCase("already_snake"));
    }
}
