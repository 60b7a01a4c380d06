package io.hotpapers.arxiv;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdom2.Element;
import org.jdom2.Namespace;

/** Small readers shared by the two arXiv parsers: whitespace normalisation and arXiv's extension elements. */
final class XmlText {
    static final Namespace ARXIV = Namespace.getNamespace("arxiv", "http://arxiv.org/schemas/atom");
    static final Namespace OPENSEARCH = Namespace.getNamespace("opensearch", "http://a9.com/-/spec/opensearch/1.1/");

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private XmlText() {
    }

    /** arXiv wraps and indents titles and abstracts; collapse every run of whitespace to one space. */
    static String normalize(String text) {
        return text == null ? null : WHITESPACE.matcher(text).replaceAll(" ").strip();
    }

    /** The first foreign element with this namespace and name. */
    static Optional<Element> foreign(List<Element> markup, Namespace namespace, String name) {
        return markup.stream()
                .filter(element -> element.getName().equals(name) && element.getNamespaceURI().equals(namespace.getURI()))
                .findFirst();
    }

    /** The normalised text of a foreign element, absent when missing or blank. */
    static Optional<String> foreignText(List<Element> markup, Namespace namespace, String name) {
        return foreign(markup, namespace, name).map(Element::getText).map(XmlText::normalize)
                .filter(text -> !text.isEmpty());
    }
}
