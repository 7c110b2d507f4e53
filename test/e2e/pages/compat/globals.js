// A classic script's top-level declarations share one scope with every other classic script and
// with `var`s of any script that ran before: a name an extension declared makes these throw.
const capture = 'page-capture';
let startCapture = 'page-start';
class spanlight {}
__record.note('declared', [capture, startCapture, typeof spanlight]);
