//! Sending a file the person chose, with the upload's progress: `fetch` reports no upload
//! progress, so this uses `XMLHttpRequest`. The browser streams the file from disk (the page
//! never reads it into memory), so a file of hundreds of megabytes keeps the page responsive.

use yew::Callback;

use crate::api::{Failure, Reply};

/// Bytes sent so far and the total.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// Bytes sent.
    pub sent: f64,
    /// Bytes in all.
    pub total: f64,
}

impl Progress {
    /// Percent sent, 0 to 100.
    pub fn percent(self) -> u32 {
        if self.total <= 0.0 {
            return 0;
        }
        // Rounded down: 100 only once every byte is sent.
        ((self.sent / self.total).clamp(0.0, 1.0) * 100.0).floor() as u32
    }
}

/// POSTs `file` to `url` as `content_type` with the console's header (the session cookie goes
/// with it); `on_progress` hears the upload's progress, `on_done` the answer (once).
#[cfg(target_arch = "wasm32")]
pub fn send_file(
    url: &str,
    content_type: &str,
    file: &web_sys::File,
    on_progress: Callback<Progress>,
    on_done: Callback<Result<Reply, Failure>>,
) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    let Ok(request) = web_sys::XmlHttpRequest::new() else {
        on_done.emit(Err(crate::api::unreachable()));
        return;
    };
    let opened = request.open("POST", url).is_ok()
        && request
            .set_request_header("Content-Type", content_type)
            .is_ok()
        && request
            .set_request_header("Accept", "application/json")
            .is_ok()
        && request
            .set_request_header(crate::api::CONSOLE_HEADER, "1")
            .is_ok();
    if !opened {
        on_done.emit(Err(crate::api::unreachable()));
        return;
    }
    let progress =
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |event: web_sys::ProgressEvent| {
            if event.length_computable() {
                on_progress.emit(Progress {
                    sent: event.loaded(),
                    total: event.total(),
                });
            }
        });
    if let Ok(upload) = request.upload() {
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }
    let answered = request.clone();
    let done = on_done.clone();
    // `loadend` fires once, after success, error or abort alike; the progress handler lives
    // until then, and this one is freed once called.
    let finished = Closure::once_into_js(move |_: web_sys::ProgressEvent| {
        let status = answered.status().unwrap_or(0);
        let result = if status == 0 {
            Err(crate::api::unreachable())
        } else {
            Ok(Reply {
                status,
                body: answered.response_text().ok().flatten().unwrap_or_default(),
            })
        };
        drop(progress);
        done.emit(result);
    });
    request.set_onloadend(Some(finished.unchecked_ref()));
    let blob: &web_sys::Blob = file;
    if request.send_with_opt_blob(Some(blob)).is_err() {
        on_done.emit(Err(crate::api::unreachable()));
    }
}

/// Host builds never talk to a server (the native tests exercise only the pure parts).
#[cfg(not(target_arch = "wasm32"))]
pub fn send_file(
    _url: &str,
    _content_type: &str,
    _file: &web_sys::File,
    _on_progress: Callback<Progress>,
    on_done: Callback<Result<Reply, Failure>>,
) {
    on_done.emit(Err(crate::api::unreachable()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_a_whole_percent_and_full_only_at_the_end() {
        let at = |sent, total| Progress { sent, total }.percent();
        assert_eq!(at(0.0, 0.0), 0);
        assert_eq!(at(50.0, 200.0), 25);
        assert_eq!(at(199.0, 200.0), 99);
        assert_eq!(at(200.0, 200.0), 100);
    }
}
