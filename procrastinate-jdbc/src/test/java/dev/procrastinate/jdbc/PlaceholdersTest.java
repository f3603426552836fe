package dev.procrastinate.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.procrastinate.api.ConfigurationException;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    @Test
    void dollarPlaceholdersBecomeQuestionMarksInOrderOfAppearance() {
        Placeholders parsed = Placeholders.parse("SELECT $2::int, $1, $2");

        assertThat(parsed.sql()).isEqualTo("SELECT ?::int, ?, ?");
        assertThat(parsed.bind(new Object[] {"a", "b"})).containsExactly("b", "a", "b");
    }

    @Test
    void placeholdersInsideLiteralsIdentifiersCommentsAndDollarQuotesAreLeftAlone() {
        String sql = "SELECT '$1', \"col$1\", $$ $1 $$, $tag$ $2 $tag$ -- $3\n, $1";

        Placeholders parsed = Placeholders.parse(sql);

        assertThat(parsed.sql()).isEqualTo("SELECT '$1', \"col$1\", $$ $1 $$, $tag$ $2 $tag$ -- $3\n, ?");
        assertThat(parsed.order()).containsExactly(0);
    }

    @Test
    void doubledQuotesInsideALiteralDoNotEndIt() {
        assertThat(Placeholders.parse("SELECT 'it''s $1', $1").sql()).isEqualTo("SELECT 'it''s $1', ?");
    }

    @Test
    void aMissingParameterIsReportedWithItsPosition() {
        assertThatThrownBy(() -> Placeholders.parse("SELECT $3").bind(new Object[] {1}))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("$3");
    }
}
