package io.hotpapers.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each output context's escaping, on the inputs that would break it. */
class EscapingTest {
    @Test
    void everyLineBreakClassBecomesOneSpaceInALineAndOneNewlineInLines() {
        String text = "a\rb\nc\r\nd\u0085e\u2028f\u2029g\u000Bh\u000Ci";

        assertThat(UntrustedText.line(text, 100)).isEqualTo("a b c d e f g h i");
        assertThat(UntrustedText.lines(text, 100)).isEqualTo("a\nb\nc\nd\ne\nf\ng\nh\ni");
    }

    @Test
    void controlBidiAndNonCharactersAreRemovedAndLoneSurrogatesReplaced() {
        assertThat(UntrustedText.line("n\u0000u\u0007l\u001B[1m\u007F\u0080\u009Fx\tTab", 100))
                .isEqualTo("nul[1mx Tab");
        assertThat(UntrustedText.line("\u202Eevil\u202C \u2066iso\u2069 \u061Cok", 100)).isEqualTo("evil iso ok");
        assertThat(UntrustedText.line("a\uD800b\uFFFE\uFFFF\uFDD0c \uD83D\uDE00", 100))
                .isEqualTo("a\uFFFDbc \uD83D\uDE00");
    }

    @Test
    void longTextIsCutAtTheBoundWithAnEllipsisWithoutSplittingACharacter() {
        String tenKilobytes = "x".repeat(10_000);

        assertThat(UntrustedText.line(tenKilobytes, UntrustedText.TITLE)).hasSize(UntrustedText.TITLE)
                .endsWith(UntrustedText.ELLIPSIS);
        assertThat(UntrustedText.line("\uD83D\uDE00".repeat(10), 3)).isEqualTo("\uD83D\uDE00\uD83D\uDE00…");
        assertThat(UntrustedText.line("short", 5)).isEqualTo("short");
    }

    @Test
    void markdownTextCannotOpenALinkImageHeadingListCodeHtmlOrTemplate() {
        assertThat(Markdown.text("[clickme](javascript:alert(1))", 100))
                .isEqualTo("\\[clickme\\](javascript:alert(1))");
        assertThat(Markdown.text("![x](https://evil.example/t.png)", 100))
                .isEqualTo("!\\[x\\](https://evil.example/t.png)");
        assertThat(Markdown.text("<https://evil.example> <!-- c --> &amp;", 100))
                .isEqualTo("&lt;https://evil.example&gt; &lt;!-- c --&gt; &amp;amp;");
        assertThat(Markdown.text("# not a heading", 100)).isEqualTo("\\# not a heading");
        assertThat(Markdown.text("1. not a list", 100)).isEqualTo("1\\. not a list");
        assertThat(Markdown.text("2021) not a list", 100)).isEqualTo("2021\\) not a list");
        assertThat(Markdown.text("- not a list", 100)).isEqualTo("\\- not a list");
        assertThat(Markdown.text("+ not a list", 100)).isEqualTo("\\+ not a list");
        assertThat(Markdown.text("`code` *em* _em_ ~~s~~ a|b \\", 100))
                .isEqualTo("\\`code\\` \\*em\\* \\_em\\_ \\~\\~s\\~\\~ a\\|b \\\\");
        assertThat(Markdown.text("{{ x }} {% y %} ${z}", 100))
                .isEqualTo("&#123;&#123; x &#125;&#125; &#123;% y %&#125; $&#123;z&#125;");
        assertThat(Markdown.text("line\n# heading", 100)).isEqualTo("line \\# heading");
        assertThat(Markdown.text("Müller-Šimić, A. Author", 100)).isEqualTo("Müller-Šimić, A. Author");
    }

    @Test
    void htmlTextEscapesMarkupQuotesAndBracesAndTurnsEveryBreakIntoBr() {
        assertThat(Html.text("<a href=\"x\" onclick='y'>{{z}}</a> &", 100))
                .isEqualTo("&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&#123;&#123;z&#125;&#125;&lt;/a&gt; &amp;");
        assertThat(Html.multiLineText("a\rb\u2028c\r\n\r\nd", 100)).isEqualTo("a<br>b<br>c<br><br>d");
    }

    @Test
    void onlyHttpUrlsInTextBecomeAnchorsAndTheirTargetsArePercentEncoded() {
        assertThat(Html.multiLineTextWithLinks("see https://t.co/a?x=1&y=2\nnext javascript:alert(1)", 200))
                .isEqualTo("see <a href=\"https://t.co/a?x=1&amp;y=2\">https://t.co/a?x=1&amp;y=2</a><br>next "
                        + "javascript:alert(1)");
        assertThat(Html.multiLineTextWithLinks("https://e.test/\"onmouseover=\"x", 200))
                .isEqualTo("<a href=\"https://e.test/%22onmouseover=%22x\">"
                        + "https://e.test/&quot;onmouseover=&quot;x</a>");
    }

    @Test
    void webUrlsAreHttpOrHttpsWithAHostAndNothingElse() {
        assertThat(WebUrl.parse("javascript:alert(1)")).isEmpty();
        assertThat(WebUrl.parse("JaVaScRiPt:alert(1)")).isEmpty();
        assertThat(WebUrl.parse("data:text/html;base64,PHNjcmlwdD4=")).isEmpty();
        assertThat(WebUrl.parse("vbscript:msgbox(1)")).isEmpty();
        assertThat(WebUrl.parse("&#106;avascript:alert(1)")).isEmpty();
        assertThat(WebUrl.parse(" https://leading.space")).isEmpty();
        assertThat(WebUrl.parse("https://")).isEmpty();
        assertThat(WebUrl.parse("//evil.example/x")).isEmpty();
        assertThat(WebUrl.parse(null)).isEmpty();
        assertThat(WebUrl.parse("HTTPS://Example.org/ä b(c)<d>'e'{f}")).map(WebUrl::toString)
                .isEqualTo(Optional.of("https://Example.org/%C3%A4%20b%28c%29%3Cd%3E%27e%27%7Bf%7D"));
        assertThat(WebUrl.parse("https://x.test/%41%zz\u0000")).map(WebUrl::toString)
                .isEqualTo(Optional.of("https://x.test/%41%25zz%00"));
        assertThat(WebUrl.parse("https://x.test/\uD83D\uDE00")).map(WebUrl::toString)
                .isEqualTo(Optional.of("https://x.test/%F0%9F%98%80"));
    }

    @Test
    void yamlQuotedScalarsEscapeQuotesBackslashesBreaksAndControls() {
        assertThat(Yaml.quoted("a\"b\\c\nd\u2028e\u0000f\u202Eg\th: i"))
                .isEqualTo("\"a\\\"b\\\\c\\u000Ad\\u2028e\\u0000f\\u202Eg\\th: i\"");
    }

    @Test
    void terminalTextHasNoEscapeSequencesOrControls() {
        assertThat(Terminal.text("\u001B[31mred\u001B[0m\u001B]0;window title\u0007 ok\u009B2J\u001Bc\rgone?", 100))
                .isEqualTo("red ok gone?");
        assertThat(Terminal.text(null, 10)).isEmpty();
    }
}
