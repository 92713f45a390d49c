//! Bringing the page in line with newly written markup, without Yew: the markup is parsed into
//! a `<template>` and the elements on the page are updated in place where they match (the same
//! tag and the same `id`, position by position), so that what stays the same stays the same
//! element. That keeps the focus where the visitor left it, a typed text and its caret, a
//! `<details>` the visitor opened, and the live regions (a screen reader announces a change
//! only in an element that stays). Where the tag or the `id` differs, the new element replaces
//! the old: a new question is a new form, as it was with Yew's keyed components.
//!
//! Inputs' current values are properties, not attributes. The markup writes them as attributes
//! which [`patch`] turns into properties and removes (so the page's HTML is what it was):
//!
//! - `checked="true"` / `checked="false"` on a radio button or a checkbox the widget controls;
//!   one without a `checked` attribute (the lead form's consent) keeps what the visitor chose;
//! - `value="…"` on a text, number or date input or a textarea the widget controls: set when it
//!   differs from what the previous render wrote (the text typed since is kept otherwise, as
//!   Yew kept it).

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement, Node};

/// The expando property that remembers the value a render last wrote into an input.
const RENDERED_VALUE: &str = "__annexaValue";

/// Makes the children of `root` those that `markup` describes, changing as little as possible.
pub fn patch(root: &Element, markup: &str) {
    let Some(document) = root.owner_document() else {
        return;
    };
    let Ok(template) = document.create_element("template") else {
        return;
    };
    template.set_inner_html(markup);
    let fresh: web_sys::HtmlTemplateElement = template.unchecked_into();
    morph_children(root, &fresh.content());
}

/// Whether `old` may be updated into `new` instead of being replaced by it.
fn same_kind(old: &Node, new: &Node) -> bool {
    if old.node_type() != new.node_type() {
        return false;
    }
    match (old.dyn_ref::<Element>(), new.dyn_ref::<Element>()) {
        (Some(old), Some(new)) => {
            old.tag_name() == new.tag_name() && old.get_attribute("id") == new.get_attribute("id")
        }
        _ => true,
    }
}

/// Updates the children of `old_parent` (on the page) into those of `new_parent` (parsed).
fn morph_children(old_parent: &Node, new_parent: &Node) {
    let mut old = old_parent.first_child();
    let mut new = new_parent.first_child();
    while let Some(fresh) = new {
        new = fresh.next_sibling();
        match old.clone() {
            Some(current) if same_kind(&current, &fresh) => {
                morph(&current, &fresh);
                old = current.next_sibling();
            }
            // One element more than before (the owner's name once the settings are in, the
            // call to action): inserted, and what follows it stays.
            Some(current) if new.as_ref().is_some_and(|next| same_kind(&current, next)) => {
                let _ = old_parent.insert_before(&fresh, Some(&current));
                settle(&fresh);
            }
            // One element fewer: removed, and what follows it stays.
            Some(current)
                if current
                    .next_sibling()
                    .is_some_and(|next| same_kind(&next, &fresh)) =>
            {
                let next = current.next_sibling();
                let _ = old_parent.remove_child(&current);
                if let Some(next) = next {
                    morph(&next, &fresh);
                    old = next.next_sibling();
                }
            }
            Some(current) => {
                let _ = old_parent.replace_child(&fresh, &current);
                settle(&fresh);
                old = fresh.next_sibling();
            }
            None => {
                let _ = old_parent.append_child(&fresh);
                settle(&fresh);
            }
        }
    }
    while let Some(current) = old {
        old = current.next_sibling();
        let _ = old_parent.remove_child(&current);
    }
}

/// Updates `old` into `new`, which are [`same_kind`].
fn morph(old: &Node, new: &Node) {
    // Most of a screen is as it was (a report with one more section open): the browser compares
    // a whole subtree in one call, so an unchanged one costs no call per element. An input whose
    // markup writes its value or checked state is never equal (those attributes are removed on
    // the page), so it is always brought in line below.
    if old.is_equal_node(Some(new)) {
        return;
    }
    let (Some(old_element), Some(new_element)) =
        (old.dyn_ref::<Element>(), new.dyn_ref::<Element>())
    else {
        if old.node_value() != new.node_value() {
            old.set_node_value(new.node_value().as_deref());
        }
        return;
    };
    // Attributes the markup no longer has go; a `<details>` opens and closes by itself: its
    // `open` is the visitor's.
    let keeps_open = old_element.tag_name().eq_ignore_ascii_case("details");
    for name in old_element.get_attribute_names().iter() {
        let Some(name) = name.as_string() else {
            continue;
        };
        let kept = new_element.has_attribute(&name) || (keeps_open && name == "open");
        if !kept {
            let _ = old_element.remove_attribute(&name);
        }
    }
    // Then the markup's attributes in its order. From the first one the element lacks, each is
    // written anew (after the others), so that the element's HTML reads as the markup's would.
    let controlled = controlled_properties(new_element);
    let mut rewrite = false;
    for name in new_element.get_attribute_names().iter() {
        let Some(name) = name.as_string() else {
            continue;
        };
        if controlled.contains(&name.as_str()) {
            continue;
        }
        let value = new_element.get_attribute(&name);
        rewrite = rewrite || !old_element.has_attribute(&name);
        if rewrite {
            let _ = old_element.remove_attribute(&name);
        }
        if rewrite || old_element.get_attribute(&name) != value {
            let _ = old_element.set_attribute(&name, value.as_deref().unwrap_or_default());
        }
    }
    apply_properties(old_element, new_element, false);
    morph_children(old, new);
}

/// The attributes of `element` that stand for properties (see the module documentation).
fn controlled_properties(element: &Element) -> &'static [&'static str] {
    if element.is_instance_of::<HtmlTextAreaElement>() {
        &["value"]
    } else if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        match input.type_().as_str() {
            "radio" | "checkbox" => &["checked"],
            _ => &["value"],
        }
    } else {
        &[]
    }
}

/// Sets the properties that `source`'s attributes stand for on `target` (`source` itself for a
/// new element, `fresh`), and removes those attributes from the page.
fn apply_properties(target: &Element, source: &Element, fresh: bool) {
    let controlled = controlled_properties(source);
    if controlled.is_empty() {
        return;
    }
    if controlled == ["checked"] {
        if let (Some(input), Some(checked)) = (
            target.dyn_ref::<HtmlInputElement>(),
            source.get_attribute("checked"),
        ) {
            input.set_checked(checked == "true");
            let _ = target.remove_attribute("checked");
        }
        return;
    }
    let Some(value) = source.get_attribute("value") else {
        return;
    };
    let key = JsValue::from_str(RENDERED_VALUE);
    let previous = js_sys::Reflect::get(target, &key)
        .ok()
        .and_then(|v| v.as_string());
    if fresh || previous.as_deref() != Some(value.as_str()) {
        if let Some(input) = target.dyn_ref::<HtmlInputElement>() {
            if fresh || input.value() != value {
                input.set_value(&value);
            }
        } else if let Some(area) = target.dyn_ref::<HtmlTextAreaElement>()
            && (fresh || area.value() != value)
        {
            area.set_value(&value);
        }
        let _ = js_sys::Reflect::set(target, &key, &JsValue::from_str(&value));
    }
    let _ = target.remove_attribute("value");
}

/// Turns the property attributes of a newly inserted subtree into properties.
fn settle(node: &Node) {
    let Some(element) = node.dyn_ref::<Element>() else {
        return;
    };
    apply_properties(element, element, true);
    let Ok(inputs) = element.query_selector_all("input, textarea") else {
        return;
    };
    for i in 0..inputs.length() {
        if let Some(input) = inputs.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            apply_properties(&input, &input, true);
        }
    }
}

/// The first element in `root` that `selector` finds.
pub fn find(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).ok().flatten()
}

/// Focuses the first element in `root` that `selector` finds.
pub fn focus(root: &Element, selector: &str) {
    if let Some(element) =
        find(root, selector).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}
