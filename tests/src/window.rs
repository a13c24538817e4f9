//! Closing the app window the way a window manager does.
//!
//! WebDriver's "close window" destroys the web view outright: Hearth sees no
//! `CloseRequested`, so the page is never asked to save (the process just ends).
//! Clicking the title bar's close button instead makes the window manager send
//! the window a `WM_DELETE_WINDOW` message; GTK turns that into `delete-event`,
//! which Tauri reports as `CloseRequested`. [`request_close`] sends that same
//! message over X11 (Xvfb has no window manager to do it).

use std::ffi::CStr;
use std::ptr;

use x11_dl::xlib;

/// Sends `WM_DELETE_WINDOW` to every top-level X11 window named `title`, and
/// returns how many there were.
pub fn request_close(title: &str) -> usize {
    let x = xlib::Xlib::open().expect("libX11 could not be loaded");
    let mut sent = 0;
    // SAFETY: plain Xlib calls on a display opened and closed here; every
    // pointer passed is either from Xlib itself or a local that outlives the call.
    unsafe {
        let dpy = (x.XOpenDisplay)(ptr::null());
        assert!(!dpy.is_null(), "no X display: run under xvfb-run");
        let root = (x.XDefaultRootWindow)(dpy);
        let protocols = (x.XInternAtom)(dpy, c"WM_PROTOCOLS".as_ptr(), xlib::False);
        let delete = (x.XInternAtom)(dpy, c"WM_DELETE_WINDOW".as_ptr(), xlib::False);
        let (mut root_ret, mut parent) = (0, 0);
        let mut children: *mut xlib::Window = ptr::null_mut();
        let mut n = 0u32;
        (x.XQueryTree)(dpy, root, &mut root_ret, &mut parent, &mut children, &mut n);
        for i in 0..n as usize {
            let w = *children.add(i);
            let mut name: *mut std::os::raw::c_char = ptr::null_mut();
            if (x.XFetchName)(dpy, w, &mut name) == 0 || name.is_null() {
                continue;
            }
            let matches = CStr::from_ptr(name).to_string_lossy() == title;
            (x.XFree)(name.cast());
            if !matches {
                continue;
            }
            let mut event: xlib::XEvent = std::mem::zeroed();
            event.client_message.type_ = xlib::ClientMessage;
            event.client_message.window = w;
            event.client_message.message_type = protocols;
            event.client_message.format = 32;
            event.client_message.data.set_long(0, delete as std::os::raw::c_long);
            event.client_message.data.set_long(1, xlib::CurrentTime as std::os::raw::c_long);
            (x.XSendEvent)(dpy, w, xlib::False, xlib::NoEventMask, &mut event);
            sent += 1;
        }
        if !children.is_null() {
            (x.XFree)(children.cast());
        }
        (x.XFlush)(dpy);
        (x.XCloseDisplay)(dpy);
    }
    sent
}
