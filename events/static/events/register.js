// Registration form: "I register myself" uses the account's address (and the page's language);
// a colleague needs theirs.
(function () {
  var email = document.querySelector("input[data-account-email]");
  var choices = document.querySelectorAll("input[name=registers_for]");
  var name = document.getElementById("id_name");
  var language = document.getElementById("div_id_language");
  if (!email || !choices.length) { return; }
  var ownName = name ? name.value : "";
  function update(clear) {
    var self = document.querySelector("input[name=registers_for]:checked");
    var mine = !self || self.value === "self";
    email.readOnly = mine;
    // The e-mail language is only asked for a colleague (oneself: the page's language).
    if (language) { language.hidden = mine; }
    if (mine) {
      email.value = email.getAttribute("data-account-email");
      if (name && !name.value) { name.value = ownName; }
    } else if (clear) {
      if (email.value === email.getAttribute("data-account-email")) { email.value = ""; }
      if (name && name.value === ownName) { name.value = ""; }
    }
  }
  Array.prototype.forEach.call(choices, function (choice) {
    choice.addEventListener("change", function () { update(true); });
  });
  update(false);
})();
