"""`python3 -m urnn_kernel -f CONNECTION_FILE`: what the kernelspec runs."""

from ipykernel.kernelapp import IPKernelApp

from .kernel import URNNKernel

IPKernelApp.launch_instance(kernel_class=URNNKernel)
