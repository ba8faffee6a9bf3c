/**
 * The script of the embedded checkout page: the checkout's side of Dintero's Web SDK protocol
 * (`@dintero/checkout-web-sdk`, src/index.ts and src/subscribe.ts), as the SDK's code expects it.
 *
 * To the SDK (window.parent), every message `{type, sid, mid, ...}` with target origin "*" (the
 * page cannot know the shop's origin; the SDK checks the message's origin, window and sid):
 *   SessionLoaded {session}, SessionUpdated {session}, SessionNotFound,
 *   SessionPaymentAuthorized / SessionPaymentOnHold {transaction_id, merchant_reference, href},
 *   SessionPaymentError {error, transaction_id?, merchant_reference, href},
 *   SessionCancel {merchant_reference, href}, SessionLocked {pay_lock_id}, SessionLockFailed,
 *   ActivePaymentProductType {payment_product_type}, ValidateSession {session},
 *   HeightChanged {height}, LanguageChanged {language}.
 * From the SDK (accepted only from window.parent and with our sid): LockSession, RefreshSession,
 * SetActivePaymentProductType {payment_product_type}, ValidationResult {success,
 * clientValidationError}, SetLanguage {language}; and `{ack: mid}`, which the SDK sends for every
 * message it handled (recorded in window.dinteroSandbox for tests and curious people).
 *
 * Opened outside an iframe the script does nothing, so the form posts and redirects like the
 * hosted page. Plain ES2017 in a string: it runs in the customer's browser, not in Node.
 */
export const EMBEDDED_CLIENT_SCRIPT = String.raw`
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("dintero-sandbox-config").textContent);
  if (window.parent === window) return;

  var sid = config.sid;
  var session = config.session;
  var locked = config.state === "locked";
  var busy = false;
  var awaitingValidation = null;
  var sequence = 0;
  var record = (window.dinteroSandbox = { sent: [], acknowledged: [], received: [] });
  var api = "/v1/view/" + encodeURIComponent(sid);

  function post(message) {
    var data = Object.assign({ sid: sid, mid: "sandbox-" + ++sequence }, message);
    record.sent.push(data);
    window.parent.postMessage(data, "*");
  }

  function request(method, path, body) {
    var init = { method: method, headers: { accept: "application/json" } };
    if (body !== undefined) {
      init.headers["content-type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(api + path, init).then(function (response) {
      return response.json().then(
        function (json) { return { ok: response.ok, status: response.status, body: json }; },
        function () { return { ok: response.ok, status: response.status, body: null }; }
      );
    });
  }

  function element(id) { return document.getElementById(id); }

  function showStatus(text) {
    var status = element("checkout-status");
    if (!status) return;
    status.textContent = text;
    status.hidden = !text;
  }

  function errorText(answer, fallback) {
    return answer && answer.body && answer.body.error && answer.body.error.message ? answer.body.error.message : fallback;
  }

  function setControls(disabled) {
    var controls = document.querySelectorAll("#checkout button, #checkout select");
    for (var i = 0; i < controls.length; i++) controls[i].disabled = disabled;
  }

  function setLocked(value) {
    locked = value;
    var notice = element("lock-notice");
    if (notice) notice.hidden = !value;
    setControls(value || busy);
  }

  function setBusy(value) {
    busy = value;
    setControls(value || locked);
  }

  // --- height ----------------------------------------------------------------------------------
  var lastHeight = -1;
  function reportHeight() {
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height === lastHeight) return;
    lastHeight = height;
    post({ type: "HeightChanged", height: height });
  }

  // --- session ---------------------------------------------------------------------------------
  function showNotFound() {
    var body = element("checkout-body");
    if (body) {
      body.innerHTML = "";
      var title = document.createElement("h2");
      title.id = "message-title";
      title.textContent = "Session not found";
      body.appendChild(title);
    }
    post({ type: "SessionNotFound" });
  }

  function lock() {
    request("POST", "/session/lock").then(function (answer) {
      if (answer.ok && answer.body && answer.body.pay_lock) {
        setLocked(true);
        post({ type: "SessionLocked", pay_lock_id: answer.body.pay_lock.pay_lock_id });
      } else {
        post({ type: "SessionLockFailed" });
      }
    }, function () { post({ type: "SessionLockFailed" }); });
  }

  // RefreshSession: show the session as it is now (an update through PUT /v1/sessions/{id} ends the lock).
  function refresh() {
    request("GET", "/session").then(function (answer) {
      if (!answer.ok || !answer.body || answer.body.state === "expired") return showNotFound();
      session = answer.body.session;
      var body = element("checkout-body");
      if (body) body.innerHTML = answer.body.html;
      busy = false;
      showStatus("");
      setLocked(answer.body.state === "locked");
      post({ type: "SessionUpdated", session: session });
    }, showNotFound);
  }

  // --- payment type ----------------------------------------------------------------------------
  function reportPaymentType() {
    var select = element("payment_product_type");
    post({ type: "ActivePaymentProductType", payment_product_type: select && select.value ? select.value : undefined });
  }

  function selectPaymentType(type) {
    var select = element("payment_product_type");
    if (!select) return;
    if (type === undefined || type === null || type === "") select.selectedIndex = -1;
    else if (select.querySelector('option[value="' + String(type).replace(/["\\]/g, "") + '"]')) select.value = type;
    else return;
    reportPaymentType();
  }

  // --- paying ----------------------------------------------------------------------------------
  // onValidateSession: the SDK asks the shop and answers with ValidationResult; payment waits for it.
  function validate(outcome) {
    if (!config.clientSideValidation || outcome === "cancel") return Promise.resolve({ success: true });
    return new Promise(function (resolve) {
      awaitingValidation = resolve;
      showStatus("Waiting for the store to validate the order…");
      post({ type: "ValidateSession", session: session });
    });
  }

  var FINAL_TEXT = {
    SessionPaymentAuthorized: "Payment authorized.",
    SessionPaymentOnHold: "Payment received; it is on hold.",
    SessionPaymentError: "The payment did not go through.",
    SessionCancel: "Payment cancelled."
  };

  function finish(event) {
    var body = element("checkout-body");
    if (body) {
      body.innerHTML = "";
      var title = document.createElement("h2");
      title.id = "message-title";
      title.textContent = FINAL_TEXT[event.type] || "Done.";
      var link = document.createElement("a");
      link.id = "return-link";
      link.href = event.href;
      link.target = "_top";
      link.textContent = "Return to the store";
      body.appendChild(title);
      body.appendChild(link);
    }
    showStatus("");
    // The SDK now points the iframe at <endpoint>/embedResult/ and calls the shop's handler.
    post(event);
  }

  function attempt(outcome) {
    if (busy) return;
    if (locked) {
      showStatus("The store is updating this order. Paying is disabled until the checkout is refreshed.");
      return;
    }
    setBusy(true);
    validate(outcome).then(function (result) {
      if (!result.success) {
        setBusy(false);
        showStatus(result.clientValidationError || "The store did not accept the order.");
        return;
      }
      var select = element("payment_product_type");
      return request("POST", "/session/pay", {
        outcome: outcome,
        payment_product_type: select && select.value ? select.value : undefined
      }).then(function (answer) {
        if (answer.ok) return finish(answer.body);
        setBusy(false);
        showStatus(errorText(answer, "The payment could not be made."));
      });
    }).catch(function () {
      setBusy(false);
      showStatus("The sandbox could not be reached.");
    });
  }

  // Express Checkout: the address, shipping option and discount code forms go to the checkout's
  // JSON endpoints; the page then shows the session as it is now and tells the SDK (SessionUpdated).
  function express(form, button) {
    var step = form.getAttribute("data-express");
    var data = new FormData(form);
    var wallet = button && button.name === "wallet" ? "?wallet=true" : "";
    var body;
    if (step === "shipping_address") {
      body = {};
      data.forEach(function (value, name) { if (name !== "wallet" && String(value).trim() !== "") body[name] = String(value); });
    } else if (step === "shipping_option") {
      body = { line_id: String(data.get("line_id") || "") };
    } else {
      body = { discount_codes: String(data.get("discount_codes") || "").split(",").map(function (c) { return c.trim(); }).filter(Boolean) };
    }
    var path = step === "shipping_option" ? "/json/order/items/shipping_option" : "/json/order/" + step;
    busy = true;
    showStatus("Updating…");
    fetch("/v1/checkout/" + encodeURIComponent(sid) + path + wallet, {
      method: "PUT",
      headers: { accept: "application/json", "content-type": "application/json" },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (json) {
        if (response.ok) return refresh();
        busy = false;
        var error = json && json.error;
        var details = error && error.errors ? error.errors.map(function (e) { return e.field + ": " + e.message; }).join("; ") : "";
        showStatus(((error && error.message) || "HTTP " + response.status) + (details ? " (" + details + ")" : ""));
      });
    }, function () {
      busy = false;
      showStatus("The sandbox could not be reached.");
    });
  }

  document.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = event.submitter;
    if (event.target && event.target.getAttribute && event.target.getAttribute("data-express")) return express(event.target, button);
    attempt(button && button.value ? button.value : "authorize");
  });

  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "payment_product_type") reportPaymentType();
  });

  // --- messages from the SDK -------------------------------------------------------------------
  window.addEventListener("message", function (event) {
    if (event.source !== window.parent) return;
    var data = event.data;
    if (!data || typeof data !== "object") return;
    if (data.ack) {
      record.acknowledged.push(data.ack);
      return;
    }
    if (data.sid !== sid) return;
    record.received.push(data);
    switch (data.type) {
      case "LockSession": return lock();
      case "RefreshSession": return refresh();
      case "SetActivePaymentProductType": return selectPaymentType(data.payment_product_type);
      case "SetLanguage": return post({ type: "LanguageChanged", language: data.language });
      case "ValidationResult":
        if (awaitingValidation) {
          var resolve = awaitingValidation;
          awaitingValidation = null;
          showStatus("");
          resolve({ success: data.success === true, clientValidationError: data.clientValidationError });
        }
        return;
    }
  });

  // --- on load ---------------------------------------------------------------------------------
  if (config.state === "payable" || config.state === "locked") {
    post({ type: "SessionLoaded", session: session });
    post({ type: "LanguageChanged", language: config.language });
  } else if (config.state === "not_found" || config.state === "expired") {
    post({ type: "SessionNotFound" });
  }
  reportHeight();
  if (typeof ResizeObserver === "function") new ResizeObserver(reportHeight).observe(document.body);
  else window.addEventListener("resize", reportHeight);
})();
`
