/* SMC Calling Convention conduits (DEN0028): x0 = function id, x1-x3 = args. */
	.text
	.globl smccc_smc
smccc_smc:
	smc	#0
	ret

