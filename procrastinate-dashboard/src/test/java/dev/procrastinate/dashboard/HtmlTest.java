package dev.procrastinate.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void escapeLeavesNoCharacterThatEndsTextOrAnAttribute() {
        assertThat(Html.escape("<script>alert(\"x\") & 'y'</script>"))
                .isEqualTo("&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;");
        assertThat(Html.escape(null)).isEmpty();
    }

    @Test
    void tableCellsEscapeTextLinksAndClasses() {
        Table table = new Table("t<", List.of("h\""), List.of(List.of(new Cell("<b>", "/x?a=1&b=\"", "c'"))), "none");

        assertThat(table.html()).isEqualTo("<table data-table=\"t&lt;\"><thead><tr><th scope=\"col\">h&quot;</th>"
                + "</tr></thead><tbody><tr><td class=\"c&#39;\"><a href=\"/x?a=1&amp;b=&quot;\">&lt;b&gt;</a></td>"
                + "</tr></tbody></table>");
    }

    @Test
    void queryLeavesOutUnsetValuesAndEncodesTheRest() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("task", "a b&c");
        params.put("sort", null);
        params.put("lock", "");

        assertThat(Html.query(params)).isEqualTo("?task=a+b%26c");
        assertThat(Html.query(Map.of())).isEmpty();
    }
}
