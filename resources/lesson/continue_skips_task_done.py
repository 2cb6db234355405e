"""Mistake: a code path that skips q.task_done().

A negative result needs no more work, so the consumer leaves the loop body
early with continue, and that path never reaches q.task_done(). Every result
arrives and every Event is set, but the queue still counts one unfinished
task, so q.join() in the main thread never returns. (An exception between
q.get() and q.task_done() does the same; q.task_done() belongs in a finally:.)
"""

import threading
from queue import Queue


def creator(data, q):
    """Create data to be consumed and wait for the consumer to finish processing."""
    print('Creating data and putting it on the queue')
    for item in data:
        evt = threading.Event()
        q.put((item, evt))
        print('Waiting for data to be doubled')
        evt.wait()


def my_consumer(q):
    """Consume some data and work on it: here, all it does is double the input."""
    while True:
        job = q.get()
        if job is None:  # the sentinel: no more data will come
            q.task_done()
            break
        data, evt = job
        print('data found to be processed: {}'.format(data))
        processed = data * 2
        print(processed)
        evt.set()
        if processed < 0:
            continue  # nothing more to do for a negative result... and no q.task_done()
        q.task_done()


if __name__ == '__main__':
    q = Queue()
    data = [5, 10, 13, -1]
    thread_one = threading.Thread(target=creator, args=(data, q))
    thread_two = threading.Thread(target=my_consumer, args=(q,))
    thread_one.start()
    thread_two.start()

    thread_one.join()  # the creator has put every item and seen each one doubled
    q.join()           # every item put on the queue has been marked task_done()
    q.put(None)        # tell the consumer to stop
    thread_two.join()
