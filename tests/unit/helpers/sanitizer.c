/*
 * Makes UBSan findings fatal in the unit tests: by default it only prints,
 * and a report inside a passing test would go unnoticed. The runtime calls
 * this hook at start-up when the program defines it.
 */
const char *__ubsan_default_options(void);

const char *__ubsan_default_options(void)
{
	return "halt_on_error=1:print_stacktrace=1";
}
