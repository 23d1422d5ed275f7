package mockproxy

// ErrorCodeFits exposes codeFits to the package's external tests.
var ErrorCodeFits = codeFits
