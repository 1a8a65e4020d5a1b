package io.quarkiverse.rekuest.deployment;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.sun.source.doctree.DocTree;
import com.sun.source.doctree.EntityTree;
import com.sun.source.doctree.ErroneousTree;
import com.sun.source.doctree.IndexTree;
import com.sun.source.doctree.LinkTree;
import com.sun.source.doctree.LiteralTree;
import com.sun.source.doctree.ReferenceTree;
import com.sun.source.doctree.ReturnTree;
import com.sun.source.doctree.StartElementTree;
import com.sun.source.doctree.SummaryTree;
import com.sun.source.doctree.TextTree;
import com.sun.source.doctree.UnknownInlineTagTree;
import com.sun.source.doctree.ValueTree;

/**
 * Renders Javadoc as plain text: {@code {@code x}} and {@code {@literal x}} become {@code x}, {@code {@link Foo#bar}}
 * becomes its label or {@code Foo.bar}, HTML tags are dropped (a paragraph tag starts a paragraph), entities are
 * decoded. Whitespace within a paragraph collapses to one space; paragraphs are separated by a blank line.
 */
final class JavadocText {

    private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n[ \\t\\x0B\\f\\r]*\\n\\s*");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final String PARAGRAPH = "\n\n";
    private static final Map<String, String> ENTITIES = Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"",
            "apos", "'", "nbsp", " ", "at", "@");

    private JavadocText() {
    }

    /** The plain text of a list of doc trees, or null when it is blank. */
    static String render(List<? extends DocTree> trees) {
        StringBuilder out = new StringBuilder();
        append(trees, out);
        return normalize(out.toString());
    }

    static String normalize(String raw) {
        StringBuilder text = new StringBuilder();
        for (String paragraph : PARAGRAPH_BREAK.split(raw)) {
            String collapsed = WHITESPACE.matcher(paragraph).replaceAll(" ").trim();
            if (!collapsed.isEmpty()) {
                if (text.length() > 0) {
                    text.append(PARAGRAPH);
                }
                text.append(collapsed);
            }
        }
        return text.length() == 0 ? null : text.toString();
    }

    private static void append(List<? extends DocTree> trees, StringBuilder out) {
        for (DocTree tree : trees) {
            append(tree, out);
        }
    }

    private static void append(DocTree tree, StringBuilder out) {
        switch (tree.getKind()) {
            case TEXT:
                out.append(((TextTree) tree).getBody());
                break;
            case CODE:
            case LITERAL:
                out.append(((LiteralTree) tree).getBody().getBody());
                break;
            case LINK:
            case LINK_PLAIN: {
                LinkTree link = (LinkTree) tree;
                if (link.getLabel().isEmpty()) {
                    out.append(reference(link.getReference()));
                } else {
                    append(link.getLabel(), out);
                }
                break;
            }
            case VALUE: {
                ReferenceTree reference = ((ValueTree) tree).getReference();
                if (reference != null) {
                    out.append(reference(reference));
                }
                break;
            }
            case ENTITY:
                out.append(entity(((EntityTree) tree).getName().toString()));
                break;
            case START_ELEMENT: {
                String name = ((StartElementTree) tree).getName().toString().toLowerCase();
                if (name.equals("p") || name.equals("ul") || name.equals("ol") || name.equals("pre")
                        || name.equals("blockquote")) {
                    out.append(PARAGRAPH);
                } else if (name.equals("li") || name.equals("br") || name.equals("dt") || name.equals("dd")) {
                    out.append(' ');
                }
                break;
            }
            case END_ELEMENT:
                break;
            case SUMMARY:
                append(((SummaryTree) tree).getSummary(), out);
                break;
            case INDEX:
                append(((IndexTree) tree).getSearchTerm(), out);
                break;
            case RETURN: {
                // the inline form {@return text} reads "Returns text."
                out.append("Returns ");
                StringBuilder text = new StringBuilder();
                append(((ReturnTree) tree).getDescription(), text);
                out.append(text.toString().trim()).append('.');
                break;
            }
            case ERRONEOUS:
                out.append(((ErroneousTree) tree).getBody());
                break;
            case UNKNOWN_INLINE_TAG:
                append(((UnknownInlineTagTree) tree).getContent(), out);
                break;
            default:
                // JDK 23+ parses /// comments as Markdown: keep their text as written
                if (tree.getKind().name().equals("MARKDOWN")) {
                    out.append(tree);
                }
                // {@inheritDoc}, {@docRoot}, {@snippet}, block tags and comments add nothing
                break;
        }
    }

    /** {@code Foo#bar(int)} → {@code Foo.bar(int)}, {@code #bar} → {@code bar}. */
    private static String reference(ReferenceTree reference) {
        String signature = reference.getSignature();
        if (signature.startsWith("#")) {
            signature = signature.substring(1);
        }
        return signature.replace('#', '.');
    }

    private static String entity(String name) {
        String known = ENTITIES.get(name);
        if (known != null) {
            return known;
        }
        try {
            if (name.startsWith("#x") || name.startsWith("#X")) {
                return new String(Character.toChars(Integer.parseInt(name.substring(2), 16)));
            }
            if (name.startsWith("#")) {
                return new String(Character.toChars(Integer.parseInt(name.substring(1))));
            }
        } catch (IllegalArgumentException e) {
            // not a number: keep it as written
        }
        return "&" + name + ";";
    }
}
