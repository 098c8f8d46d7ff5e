//! The small XML subset WeChat's message pushes use, read with `quick-xml` (a maintained streaming
//! parser), never with regular expressions.
//!
//! WeChat's XML is `<xml><Name><![CDATA[text]]></Name><CreateTime>123</CreateTime>...</xml>`: one
//! root element, child elements holding text or CDATA, occasionally nested elements (subscription
//! events list `<List>` items). This module turns such a document into a tree and the root's
//! children into JSON text (`{"Name":"text","CreateTime":"123"}`: every leaf is a string, nested
//! elements become objects, repeated names become arrays), which the JS boundary hands to
//! `JSON.parse`.
//!
//! Refused, because WeChat never sends them and they are how XML parsers get attacked:
//! any `<!DOCTYPE ...>` (DTDs, entity declarations: XXE and entity-expansion bombs) and any entity
//! reference other than the five predefined ones (`&lt;` `&gt;` `&amp;` `&apos;` `&quot;`) and
//! character references (`&#65;` `&#x41;`). Nesting deeper than [`MAX_DEPTH`] is refused too.

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use quick_xml::Reader;

/// Deepest element nesting accepted (WeChat's pushes nest at most 4 levels).
pub const MAX_DEPTH: usize = 32;

/// Why a document was refused. Callers turn these into library errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XmlError {
    /// A `<!DOCTYPE>` declaration (DTD): refused (no XXE, no entity expansion).
    Doctype,
    /// An entity reference other than the predefined ones or a character reference.
    Entity,
    /// Nesting deeper than [`MAX_DEPTH`].
    TooDeep,
    /// Not well-formed: unclosed or mismatched tags, no root, text or a second element outside the
    /// root, invalid character references, invalid UTF-8.
    Malformed,
}

impl XmlError {
    /// Plain-English explanation (no document content).
    pub fn explanation(self) -> &'static str {
        match self {
            XmlError::Doctype => {
                "contains a <!DOCTYPE> declaration. DTDs are refused (they enable XXE and entity-expansion attacks) and WeChat never sends one"
            }
            XmlError::Entity => {
                "uses an entity reference other than &lt; &gt; &amp; &apos; &quot; or a character reference. \
Custom entities need a DTD, which is refused (XXE); WeChat never sends them"
            }
            XmlError::TooDeep => "nests elements too deeply (more than 32 levels)",
            XmlError::Malformed => {
                "is not well-formed XML (unclosed or mismatched tags, no root element, or content outside the root)"
            }
        }
    }
}

/// One element: its name, its text (text and CDATA concatenated in order) and its child elements.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Element {
    /// The element name as written (prefix included).
    pub name: String,
    /// All character data directly inside the element, CDATA sections unwrapped, references resolved.
    pub text: String,
    /// Child elements in document order.
    pub children: Vec<Element>,
}

impl Element {
    /// The text of the last child named `name` (like `JSON.parse`, the last duplicate wins).
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.children
            .iter()
            .rev()
            .find(|c| c.name == name)
            .map(|c| c.text.as_str())
    }
}

/// Parse a whole document; return its root element. Attributes are ignored; comments, processing
/// instructions and the XML declaration are skipped.
pub fn parse(text: &str) -> Result<Element, XmlError> {
    let mut reader = Reader::from_str(text);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.allow_unmatched_ends = false;
    config.allow_dangling_amp = false;
    config.check_comments = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let event = reader.read_event().map_err(|_| XmlError::Malformed)?;
        match event {
            Event::DocType(_) => return Err(XmlError::Doctype),
            Event::Start(_) | Event::Empty(_) if root.is_some() => return Err(XmlError::Malformed),
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(XmlError::TooDeep);
                }
                let name = core::str::from_utf8(start.name().as_ref())
                    .map_err(|_| XmlError::Malformed)?
                    .to_owned();
                stack.push(Element {
                    name,
                    ..Element::default()
                });
            }
            Event::Empty(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(XmlError::TooDeep);
                }
                let name = core::str::from_utf8(start.name().as_ref())
                    .map_err(|_| XmlError::Malformed)?
                    .to_owned();
                let el = Element {
                    name,
                    ..Element::default()
                };
                close(&mut stack, &mut root, el);
            }
            Event::End(_) => {
                // quick-xml checked that the name matches the open element.
                let el = stack.pop().ok_or(XmlError::Malformed)?;
                close(&mut stack, &mut root, el);
            }
            Event::Text(t) => {
                let s = t.xml10_content().map_err(|_| XmlError::Malformed)?;
                push_text(&mut stack, &s)?;
            }
            Event::CData(c) => {
                let s = c.xml10_content().map_err(|_| XmlError::Malformed)?;
                match stack.last_mut() {
                    Some(el) => el.text.push_str(&s),
                    None => return Err(XmlError::Malformed),
                }
            }
            Event::GeneralRef(r) => {
                let resolved: String = if r.is_char_ref() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => String::from(c),
                        _ => return Err(XmlError::Malformed),
                    }
                } else {
                    let name = r.decode().map_err(|_| XmlError::Malformed)?;
                    match resolve_predefined_entity(&name) {
                        Some(v) => v.to_owned(),
                        None => return Err(XmlError::Entity),
                    }
                };
                push_text(&mut stack, &resolved)?;
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
    }
    if !stack.is_empty() {
        return Err(XmlError::Malformed);
    }
    root.ok_or(XmlError::Malformed)
}

/// Attach a finished element to its parent, or make it the root.
fn close(stack: &mut [Element], root: &mut Option<Element>, el: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(el),
        None => *root = Some(el),
    }
}

/// Character data: inside an element it is kept; outside the root only whitespace is allowed.
fn push_text(stack: &mut [Element], s: &str) -> Result<(), XmlError> {
    match stack.last_mut() {
        Some(el) => {
            el.text.push_str(s);
            Ok(())
        }
        None if s.chars().all(|c| matches!(c, ' ' | '\t' | '\r' | '\n')) => Ok(()),
        None => Err(XmlError::Malformed),
    }
}

/// The root's children as JSON object text: leaves are strings (exactly their text), elements with
/// children are objects (their own non-whitespace text, if any, under `"#text"`), and repeated names
/// become arrays in document order at the position of the first occurrence.
pub fn children_to_json(root: &Element) -> String {
    let mut out = String::new();
    object_json(root, &mut out);
    out
}

fn object_json(el: &Element, out: &mut String) {
    out.push('{');
    let mut first = true;
    let mut done: Vec<&str> = Vec::new();
    for child in &el.children {
        if done.contains(&child.name.as_str()) {
            continue;
        }
        done.push(&child.name);
        if !first {
            out.push(',');
        }
        first = false;
        json_string(&child.name, out);
        out.push(':');
        let same: Vec<&Element> = el
            .children
            .iter()
            .filter(|c| c.name == child.name)
            .collect();
        if same.len() > 1 {
            out.push('[');
            for (i, c) in same.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                value_json(c, out);
            }
            out.push(']');
        } else {
            value_json(child, out);
        }
    }
    if !el.children.is_empty() && !el.text.trim().is_empty() {
        if !first {
            out.push(',');
        }
        json_string("#text", out);
        out.push(':');
        json_string(&el.text, out);
    }
    out.push('}');
}

fn value_json(el: &Element, out: &mut String) {
    if el.children.is_empty() {
        json_string(&el.text, out);
    } else {
        // Depth is bounded by MAX_DEPTH, so this recursion is too.
        object_json(el, out);
    }
}

/// A JSON string literal (the escapes `JSON.parse` reads back exactly).
pub fn json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `text` as the content of an XML element in CDATA sections (`]]>` split across two sections).
pub fn cdata(text: &str, out: &mut String) {
    out.push_str("<![CDATA[");
    out.push_str(&text.replace("]]>", "]]]]><![CDATA[>"));
    out.push_str("]]>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wechat_shape_with_cdata() {
        let doc = "<xml>\n  <ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName>\n  <CreateTime>1714112445</CreateTime>\n  <Content><![CDATA[a <b> & ]]]]><![CDATA[> c]]></Content>\n  <Empty/>\n</xml>";
        let root = parse(doc).ok();
        let root = root.as_ref();
        assert_eq!(root.map(|r| r.name.as_str()), Some("xml"));
        assert_eq!(
            root.and_then(|r| r.child_text("ToUserName")),
            Some("gh_97417a04a28d")
        );
        assert_eq!(
            root.map(children_to_json).as_deref(),
            Some(
                r#"{"ToUserName":"gh_97417a04a28d","CreateTime":"1714112445","Content":"a <b> & ]]> c","Empty":""}"#
            )
        );
    }

    #[test]
    fn references_nesting_and_repeats() {
        let doc = "<?xml version=\"1.0\"?><!-- c --><xml><A>x &lt;&amp;&gt; &#65;&#x42;</A><L><I>1</I><I>2</I></L><B>\"q\"\\</B></xml>";
        let json = parse(doc).map(|r| children_to_json(&r));
        assert_eq!(
            json.as_deref(),
            Ok(r#"{"A":"x <&> AB","L":{"I":["1","2"]},"B":"\"q\"\\"}"#)
        );
    }

    #[test]
    fn refuses_dtds_entities_and_malformed() {
        let xxe = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><xml><A>&x;</A></xml>";
        assert_eq!(parse(xxe), Err(XmlError::Doctype));
        assert_eq!(parse("<!DOCTYPE xml><xml/>"), Err(XmlError::Doctype));
        assert_eq!(parse("<xml><A>&x;</A></xml>"), Err(XmlError::Entity));
        assert_eq!(parse("<xml><A>&nbsp;</A></xml>"), Err(XmlError::Entity));
        for bad in [
            "",
            "   ",
            "<xml><A></xml>",
            "<xml><A>",
            "<xml></xml><xml/>",
            "text<xml/>",
            "<xml/>text",
            "<xml>&#0;</xml>",
            "<xml>a & b</xml>",
            "<xml></A></xml>",
            "{\"a\":1}",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} was accepted");
        }
        let deep = format!("{}{}", "<a>".repeat(40), "</a>".repeat(40));
        assert_eq!(parse(&deep), Err(XmlError::TooDeep));
        let ok = format!("{}{}", "<a>".repeat(32), "</a>".repeat(32));
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn cdata_escapes_its_terminator() {
        let mut out = String::new();
        cdata("a]]>b", &mut out);
        assert_eq!(out, "<![CDATA[a]]]]><![CDATA[>b]]>");
        let doc = format!("<xml><N>{out}</N></xml>");
        assert_eq!(
            parse(&doc)
                .ok()
                .and_then(|r| r.child_text("N").map(str::to_owned)),
            Some("a]]>b".to_owned())
        );
    }

    #[test]
    fn json_string_escapes_controls() {
        let mut out = String::new();
        json_string("a\u{1}\u{7f}é😀", &mut out);
        assert_eq!(out, "\"a\\u0001\u{7f}é😀\"");
    }
}
