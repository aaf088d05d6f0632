//! Progress bars (indicatif), drawn only when the printer allows them.
